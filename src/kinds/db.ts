// `db.sql.sqlite` / `db.sql.postgres` as supervised services: starting opens the database
// and checks it answers (a PostgreSQL server that is down fails the start, and the restart
// policy retries); stopping closes it once in-flight transactions finish. A database is also
// opened on first use by the `sql` module, so entries without `auto_start` work too.
// Pending migrations targeting the database run before it counts as started.

import type { RtEntry, Runtime } from '../system/runtime.js';
import type { Service } from '../system/supervisor.js';
import { databases } from '../sql/manager.js';
import { runMigrations } from '../sql/migration/runner.js';

export function dbService(entry: RtEntry, rt: Runtime): Service {
  return {
    id: entry.id,
    deps: [],
    async start() {
      const db = databases(rt).get(entry.id);
      await db.query('SELECT 1', []);
      await runMigrations(rt, entry.id);
    },
    async stop(timeoutMs) {
      // closing waits for open transactions; shutdown does not wait past the stop timeout
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); });
      await Promise.race([databases(rt).close(entry.id), late]);
      clearTimeout(timer);
    },
  };
}
