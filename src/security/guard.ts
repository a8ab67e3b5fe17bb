// The one-line permission check for modules: `const no = refusal(node, action, resource)`
// gives the refusal message, or undefined when the current code may go on. Code acting as
// the app (no identity) with strict mode off passes without evaluating anything.

import type { Node } from '../kernel/process.js';
import { securityOf } from './service.js';

export function refusal(node: Node, action: string, resource: string, meta?: Record<string, unknown>): string | undefined {
  const svc = securityOf(node);
  if (svc === undefined) return undefined;
  const p = node.current;
  if (p?.ctx.security === undefined && !svc.strict) return undefined;
  return svc.check(p, action, resource, meta) ? undefined : `permission denied: ${action} on ${resource}`;
}
