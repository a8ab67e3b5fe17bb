// The `metrics` HTTP middleware (services §1.5): per request, in the process-wide collector
// the Lua `metrics` module writes to (src/metrics/), so one scrape shows both.
//
//   wippy_http_requests_total{method,route,status}              counter
//   wippy_http_request_duration_seconds{method,route,status}    histogram (default buckets)
//   wippy_http_requests_in_flight                               gauge
//
// `route` is the endpoint's path pattern (`/api/users/{id}`), not the request path, so the
// number of series stays bounded by the routes; a request no endpoint matched is `static`
// when it was answered with a success or redirect (a static mount served it) and `unmatched`
// otherwise (404, 405). `method` is one of the standard methods or `OTHER`, for the same
// reason. A request is counted when its response is finished or its connection closes
// (status 499 when the client left before the response started).

import type { Exchange } from './exchange.js';
import type { Middleware } from './middleware.js';
import { processCollector, type Collector } from '../metrics/collector.js';

const REQUESTS = 'wippy_http_requests_total';
const DURATION = 'wippy_http_request_duration_seconds';
const IN_FLIGHT = 'wippy_http_requests_in_flight';
const LABELS = ['method', 'route', 'status'];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

const measured = new WeakSet<Exchange>();

/** The middleware writing to `c` (the process collector unless a test passes its own). */
export function httpMetricsMiddleware(c: Collector = processCollector): Middleware {
  c.declare(REQUESTS, 'counter', LABELS, { help: 'HTTP requests served, by method, route and status.' });
  c.declare(DURATION, 'histogram', LABELS, { help: 'Time from the request reaching the router to its response ending, in seconds.' });
  c.declare(IN_FLIGHT, 'gauge', [], { help: 'HTTP requests being served now.' });
  return (x) => {
    // a request under a router's prefix that no endpoint matched may go on to a static
    // mount: when both list `metrics`, it is still one request
    if (measured.has(x)) return false;
    measured.add(x);
    const start = process.hrtime.bigint();
    c.gaugeAdd(IN_FLIGHT, 1, undefined);
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      c.gaugeAdd(IN_FLIGHT, -1, undefined);
      const labels = labelsOf(x);
      c.counterAdd(REQUESTS, 1, labels);
      c.observe(DURATION, Number(process.hrtime.bigint() - start) / 1e9, labels);
    };
    if (x.res !== undefined) {
      x.res.once('finish', end);
      x.res.once('close', end);
    } else {
      x.socket.once('close', end);
    }
    return false;
  };
}

function labelsOf(x: Exchange): Record<string, string> {
  const method = x.req.method ?? 'GET';
  // the status that went out; a client gone before the head was sent is 499 ("client closed
  // request", as nginx logs it); an upgrade (no ServerResponse) reports the exchange's status
  const res = x.res;
  const status = res === undefined ? x.status : res.headersSent ? res.statusCode : 499;
  const route = x.endpoint?.path ?? (status < 400 ? 'static' : 'unmatched');
  return { method: METHODS.has(method) ? method : 'OTHER', route, status: String(status) };
}
