// Wires the security model into a booting app: the service (policies, strict mode, token
// stores) on the runtime's node, the audit log under `.wippy/`, and the guard the `registry`
// module applies changesets through.

import { join } from 'node:path';
import type { Runtime } from '../system/runtime.js';
import type { Registry } from '../registry/registry.js';
import { SecurityService, attachSecurity } from './service.js';
import { TokenStores } from './tokens.js';
import { KvTokenBackend } from './token-kv.js';
import { stores, STORE_KINDS } from '../store/manager.js';
import { AuditLog, DEFAULT_AUDIT_FILE } from './audit.js';
import { refusal } from './guard.js';
import { createRegistryWriteGuard, type RegistryWriteGuard } from './registry-write.js';

export interface InstalledSecurity {
  security: SecurityService;
  audit: AuditLog;
  guard: RegistryWriteGuard;
  /** registry.get on an entry id, for the registry module's reads */
  canRead: (id: string) => boolean;
}

/** `strictMode`: `security.strict_mode` of the app's runtime config (`.wippy.yaml`). */
export function installSecurity(rt: Runtime, registry: Registry, root: string, strictMode = false): InstalledSecurity {
  const security = new SecurityService(() => registry.current(), strictMode);
  security.tokens = new TokenStores({
    entry: (id) => registry.get(id),
    env: (name) => rt.env?.resolve(name),
    catalog: security.catalog,
    backend: (storeId) => {
      const e = registry.get(storeId);
      if (e === undefined) return `store '${storeId}' not found`;
      if (!STORE_KINDS.has(e.kind)) return `'${storeId}' is a ${e.kind}, not a key-value store (store.memory, store.sql)`;
      return new KvTokenBackend(() => stores(rt).get(storeId));
    },
  });
  attachSecurity(rt.node, security);
  const audit = new AuditLog(join(root, DEFAULT_AUDIT_FILE));
  const guard = createRegistryWriteGuard({
    node: rt.node, security, audit, entries: registry,
    onAuditError: (e) => rt.log.log('error', 'registry audit log write failed', { error: String(e) }),
  });
  return { security, audit, guard, canRead: (id) => refusal(rt.node, 'registry.get', id) === undefined };
}
