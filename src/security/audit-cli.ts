// `wippy registry audit`: the registry write decisions recorded in the app's audit log,
// newest first, as a table or as JSON lines.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, DEFAULT_AUDIT_FILE, type AuditQuery } from './audit.js';

export interface AuditOptions extends AuditQuery {
  dir: string;
  json?: boolean;
}

export function registryAudit(o: AuditOptions, out: (s: string) => void = (s) => process.stdout.write(s)): number {
  const file = join(o.dir, DEFAULT_AUDIT_FILE);
  if (!existsSync(file)) {
    out('no registry writes recorded\n');
    return 0;
  }
  const log = new AuditLog(file);
  try {
    const rows = log.query(o);
    if (o.json) {
      for (const r of rows) out(JSON.stringify(r) + '\n');
      return 0;
    }
    for (const r of rows) {
      const when = new Date(r.time).toISOString();
      out(`${when}  ${r.decision.padEnd(5)}  ${r.op.padEnd(6)} ${r.entry} (${r.kind})  actor=${r.actor || '-'} caller=${r.caller || '-'}\n`);
      out(`    ${r.decision === 'deny' ? 'refused' : 'checked'}: ${r.reason}; ${r.outcome}\n`);
    }
    out(`${rows.length} records\n`);
    return 0;
  } finally {
    log.close();
  }
}
