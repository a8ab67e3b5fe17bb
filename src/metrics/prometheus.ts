// The Prometheus endpoint (`.wippy.yaml` section `prometheus`, config §1.10): when
// `enabled: true`, an HTTP listener of its own on `address` serves the collector at
// `/metrics` in the text format, as the reference does (it is not an http.service entry,
// so it runs whatever the app's servers are, and app routes cannot shadow it).
//
//   prometheus:
//     enabled: true
//     address: "localhost:9090"     # host:port or :port; required when enabled
//
// Like the reference, `enabled` without an `address` starts nothing (a warning says so). A
// malformed address or a non-boolean `enabled` stops the boot with the file and line.
// The listener is a supervised service (`:prometheus`), stopped with the app. Scrapes that
// accept gzip (Prometheus does) get a compressed body once it is over 1 KB.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { parseAddr } from '../http/server.js';
import type { RuntimeConfig } from '../system/config.js';
import type { Log } from '../system/log.js';
import type { Service } from '../system/supervisor.js';
import { processCollector, type Collector } from './collector.js';
import { CONTENT_TYPE, exposition } from './exposition.js';

export interface PrometheusSettings {
  host: string | undefined;
  port: number;
}

/** The endpoint's settings, undefined when it is off, or the problems found. */
export function prometheusSettings(config: RuntimeConfig, log?: Log): PrometheusSettings | undefined | { errors: string[] } {
  const section = config.values.prometheus;
  if (section === undefined || section === null) return undefined;
  const place = config.places.get('prometheus');
  const at = place === undefined ? '.wippy.yaml' : `${place.file}:${place.line}`;
  if (typeof section !== 'object' || Array.isArray(section)) return { errors: [`${at}: prometheus: expected a map with enabled and address`] };
  const { enabled, address } = section as Record<string, unknown>;
  if (enabled !== undefined && typeof enabled !== 'boolean') return { errors: [`${at}: prometheus.enabled: expected true or false, got ${JSON.stringify(enabled)}`] };
  if (enabled !== true) return undefined;
  if (address === undefined || address === '') {
    log?.log('warn', 'prometheus.enabled is true but no prometheus.address is set: the metrics endpoint is not started');
    return undefined;
  }
  if (typeof address !== 'string') return { errors: [`${at}: prometheus.address: expected host:port, got ${JSON.stringify(address)}`] };
  const a = parseAddr(address);
  if ('error' in a) return { errors: [`${at}: prometheus.address: ${a.error}`] };
  return a;
}

/** The supervised service serving `/metrics` from `collector`. */
export function prometheusService(settings: PrometheusSettings, log: Log, collector: Collector = processCollector): Service {
  let server: Server | undefined;
  return {
    id: ':prometheus',
    deps: [],
    start(fail) {
      const s = createServer((req, res) => {
        const path = (req.url ?? '/').split('?', 1)[0];
        if (path !== '/metrics') {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the metrics are at /metrics\n');
          return;
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
          return;
        }
        let body = Buffer.from(exposition(collector), 'utf8');
        const headers: Record<string, string | number> = { 'content-type': CONTENT_TYPE };
        // Prometheus asks for gzip; thousands of series compress about tenfold
        if (body.length >= 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
          body = gzipSync(body);
          headers['content-encoding'] = 'gzip';
        }
        headers['content-length'] = body.length;
        res.writeHead(200, headers);
        res.end(req.method === 'HEAD' ? undefined : body);
      });
      server = s;
      return new Promise<void>((resolve, reject) => {
        const refused = (e: Error) => reject(new Error(`metrics endpoint: ${e.message}`));
        s.once('error', refused);
        s.listen(settings.port, settings.host, () => {
          s.off('error', refused);
          s.on('error', (e) => fail(`metrics endpoint: ${e.message}`));
          const bound = s.address() as AddressInfo;
          log.log('info', 'metrics endpoint listening', { address: `${bound.address}:${bound.port}`, path: '/metrics' });
          resolve();
        });
      });
    },
    stop() {
      const s = server;
      server = undefined;
      if (s === undefined) return;
      return new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}
