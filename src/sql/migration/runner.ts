// Applying a database's migrations when its `db.sql.*` service starts, so everything that
// depends on the database starts against the current schema. Migrations are
// `function.lua` entries with `meta.type: migration` and `meta.target_db` naming the
// database; they run in `meta.timestamp` order (ties by id), each called as the framework's
// bootloader calls it: fn({database_id, direction = "up", id = entry_id}). A failed
// migration fails the database's start (and the supervisor retries it); migrations already
// recorded in `_migrations` are skipped, so apps that also run the framework's bootloader
// apply each migration once.

import type { Runtime, RtEntry } from '../../system/runtime.js';
import { resolveRef } from '../../system/runtime.js';
import { LuaTable } from '../../lua/runtime/table.js';
import { tostring } from '../../lua/runtime/ops.js';
import { textToBytes } from '../../lua/runtime/values.js';

export function migrationsFor(rt: Runtime, dbId: string): RtEntry[] {
  return rt.entries.all()
    .filter((e) => e.kind === 'function.lua' && e.meta.type === 'migration' && typeof e.meta.target_db === 'string' && resolveRef(e.meta.target_db, e.id) === dbId)
    .sort((a, b) => String(a.meta.timestamp ?? '').localeCompare(String(b.meta.timestamp ?? '')) || a.id.localeCompare(b.id));
}

export interface MigrationOutcome {
  id: string;
  applied: number;
  skipped: number;
}

export async function runMigrations(rt: Runtime, dbId: string): Promise<MigrationOutcome[]> {
  const out: MigrationOutcome[] = [];
  for (const e of migrationsFor(rt, dbId)) {
    const opts = new LuaTable();
    opts.setStr('database_id', textToBytes(dbId));
    opts.setStr('direction', 'up');
    opts.setStr('id', textToBytes(e.id));
    const r = await new Promise<{ value?: unknown; error?: unknown }>((resolve) => rt.callFunction(undefined, e.id, [opts], resolve));
    if (r.error !== undefined) throw new Error(`migration ${e.id} failed: ${tostring(r.error as never)}`);
    const res = r.value instanceof LuaTable ? r.value : undefined;
    if (res?.getStr('status') === 'error') throw new Error(`migration ${e.id} failed: ${String(res.getStr('error'))}`);
    out.push({ id: e.id, applied: Number(res?.getStr('applied') ?? 0), skipped: Number(res?.getStr('skipped') ?? 0) });
    if (res !== undefined && Number(res.getStr('applied') ?? 0) > 0) rt.log.log('info', 'migration applied', { migration: e.id, database: dbId });
  }
  return out;
}
