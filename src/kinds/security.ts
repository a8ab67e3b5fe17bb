// Load-time checks of the security entries an app declares: policies that do not compile
// (bad effect, unknown operator, broken regex or expression), token stores without a store,
// and services whose process needs modules their host does not allow. Each problem names
// the entry and where it was declared, and stops the boot like any other registry problem.

import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';
import { compilePolicy, POLICY_KINDS, Policy } from '../security/model.js';
import { hostLimitProblems } from '../security/host-limits.js';

export function checkSecurityEntries(entries: readonly Entry[]): RegistryError[] {
  const problems: RegistryError[] = [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  const at = (id: string, code: string, message: string): RegistryError => {
    const e = byId.get(id);
    return { code, message, entry: id, file: e?.source?.file, line: e?.source?.line };
  };
  for (const e of entries) {
    if (POLICY_KINDS.has(e.kind)) {
      const p = compilePolicy(e);
      if (!(p instanceof Policy)) for (const m of p) problems.push(at(e.id, 'invalid-policy', m));
    } else if (e.kind === 'security.token_store' && (typeof e.data.store !== 'string' || e.data.store === '')) {
      problems.push(at(e.id, 'invalid-token-store', 'store: the id of a key-value store entry is required'));
    }
  }
  for (const p of hostLimitProblems(entries)) problems.push(at(p.entry, 'host-module-limit', p.message));
  return problems;
}
