// Kind names the registry layer needs to know about. Kind *behaviour* lives elsewhere.

/** The Lua code kinds (config.md §1.8.1). */
export const LUA_KINDS: readonly string[] = [
  'function.lua',
  'process.lua',
  'workflow.lua',
  'library.lua',
  'module.lua',
];

/** Kinds whose `source` field may be `file://…` and is loaded as text at load time (§1.6, §1.7). */
export const SOURCE_KINDS: ReadonlySet<string> = new Set([...LUA_KINDS, 'template.jet', 'function.wat']);

/** The catalogue of config.md §2.0: the default set of kinds the validator accepts. */
export const DEFAULT_KINDS: readonly string[] = [
  ...LUA_KINDS,
  'function.lua.bc',
  'library.lua.bc',
  'process.lua.bc',
  'workflow.lua.bc',
  'process.host',
  'workflow.host',
  'process.service',
  'terminal.host',
  'pg.scope',
  'registry.entry',
  'ns.definition',
  'ns.requirement',
  'ns.dependency',
  'env.storage.memory',
  'env.storage.file',
  'env.storage.os',
  'env.storage.static',
  'env.storage.router',
  'env.variable',
  'http.service',
  'http.router',
  'http.endpoint',
  'http.static',
  'db.sql.sqlite',
  'db.sql.postgres',
  'db.sql.mysql',
  'db.cdc.postgres',
  'store.memory',
  'store.sql',
  'store.kv.raft',
  'store.kv.crdt',
  'queue.driver.memory',
  'queue.driver.amqp',
  'queue.driver.sqs',
  'queue.driver.sql',
  'queue.queue',
  'queue.consumer',
  'fs.directory',
  'fs.embed',
  'template.set',
  'template.jet',
  'security.policy',
  'security.policy.expr',
  'security.token_store',
  'contract.definition',
  'contract.binding',
  'temporal.client',
  'temporal.worker',
  'config.aws',
  'cloudstorage.s3',
  'exec.native',
  'exec.docker',
  'network',
  'network.socks5',
  'network.tailscale',
  'network.i2p',
  'function.wat',
  'function.wasm',
  'process.wasm',
];

/**
 * Kind pattern match as the handler registry does it (§5.4): segments split on `.`, `*` matches
 * one segment, `**` zero or more. Lets callers pass `function.**` as a known kind.
 */
export function kindMatches(pattern: string, kind: string): boolean {
  if (!pattern.includes('*')) return pattern === kind;
  return matchSegments(pattern.split('.'), 0, kind.split('.'), 0);
}

function matchSegments(p: string[], i: number, k: string[], j: number): boolean {
  if (i === p.length) return j === k.length;
  if (p[i] === '**') {
    for (let n = j; n <= k.length; n++) if (matchSegments(p, i + 1, k, n)) return true;
    return false;
  }
  if (j === k.length) return false;
  return (p[i] === '*' || p[i] === k[j]) && matchSegments(p, i + 1, k, j + 1);
}
