// Test support for HTTP apps: boot an app whose servers listen on free ports
// (`addr: 127.0.0.1:0`) and find the port each one bound.

import { bootApp, type TestApp } from '../system/testing.js';
import { httpServers } from '../kinds/http.js';

export interface HttpTestApp extends TestApp {
  /** base URL of a running http.service, e.g. http://127.0.0.1:41234 */
  url(serverId?: string): string;
}

export async function bootHttpApp(files: Record<string, string>): Promise<HttpTestApp> {
  const t = await bootApp(files);
  return {
    ...t,
    url(serverId = 'app:gateway') {
      const s = httpServers.get(serverId);
      if (s === undefined) throw new Error(`http server ${serverId} is not running`);
      return `http://127.0.0.1:${s.port}`;
    },
  };
}

/** The usual head of an HTTP test app: hosts, a server on a free port, a router at `prefix`. */
export function httpHead(prefix = '/', routerExtra = ''): string {
  return `version: "1.0"
namespace: app
entries:
  - name: processes
    kind: process.host
    lifecycle: { auto_start: true }
  - name: gateway
    kind: http.service
    addr: "127.0.0.1:0"
    lifecycle: { auto_start: true }
  - name: api
    kind: http.router
    meta: { server: gateway }
    prefix: ${prefix}
${routerExtra}`;
}

/** A function.lua handler and its endpoint. */
export function endpoint(name: string, method: string, path: string, file: string, modules = ['http', 'json']): string {
  return `  - name: ${name}
    kind: function.lua
    source: file://${file}
    method: handler
    modules: [${modules.join(', ')}]
  - name: ${name}.endpoint
    kind: http.endpoint
    meta: { router: api }
    method: ${method}
    path: ${path}
    func: ${name}
`;
}
