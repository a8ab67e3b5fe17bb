// The SQLite database behind GET /db/users/{id}: one file, created and filled by run.js,
// read by all three servers (wippy through its `db.sql.sqlite` entry bench:db).
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const USERS_DB = join(dirname(fileURLToPath(import.meta.url)), '../app/users.db');
export const USER_COUNT = 1000;

/** (Re)create the users table with USER_COUNT rows. */
export function createUsersDb(file = USERS_DB) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, active INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO users (id, name, email, active) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= USER_COUNT; id++) insert.run(id, `user${id}`, `user${id}@example.com`, id % 2 === 0 ? 1 : 0);
  })();
  db.close();
}

/** findUser(id): the row, or undefined; the same statement the wippy app's find_user runs. */
export function openUsers(file = USERS_DB) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const byId = db.prepare('SELECT id, name, email, active FROM users WHERE id = ?');
  return (id) => byId.get(id);
}
