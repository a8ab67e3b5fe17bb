// Conversations of agent runs, kept in SQLite (`.wippy/agents.db` under the app folder, or in
// memory when the app has no folder): one row per message, in order, so a conversation
// continues where it stopped, also after a restart.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { UniversalMessage } from '../llm/messages.js';

export interface ConversationInfo {
  id: string;
  agent_id: string;
  messages: number;
  created_at: number;
  updated_at: number;
}

export class ConversationStore {
  private db: Database.Database;
  // prepared once: preparing costs more than the insert itself (bench/agents)
  private insertMessage: Database.Statement;
  private touchConversation: Database.Statement;

  constructor(file: string | undefined) {
    if (file !== undefined) mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit survives a crash of the process (only power loss can lose the
    // last ones) without an fsync per agent step
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS conversations (
        id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS messages (
        conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, message TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq));`);
    this.insertMessage = this.db.prepare('INSERT INTO messages (conversation_id, seq, message) VALUES (?, ?, ?)');
    this.touchConversation = this.db.prepare(`INSERT INTO conversations (id, agent_id, created_at, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at`);
  }

  messages(id: string): UniversalMessage[] {
    const rows = this.db.prepare('SELECT message FROM messages WHERE conversation_id = ? ORDER BY seq').all(id) as { message: string }[];
    return rows.map((r) => JSON.parse(r.message));
  }

  info(id: string): ConversationInfo | undefined {
    const row = this.db.prepare(`SELECT c.id, c.agent_id, c.created_at, c.updated_at,
      (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messages FROM conversations c WHERE c.id = ?`).get(id);
    return row as ConversationInfo | undefined;
  }

  /** Append messages after the `from` already stored ones, in one transaction. */
  append(id: string, agentId: string, from: number, messages: UniversalMessage[]): void {
    const now = Date.now();
    this.db.transaction(() => {
      this.touchConversation.run(id, agentId, now, now);
      messages.forEach((m, i) => this.insertMessage.run(id, from + i + 1, JSON.stringify(m)));
    })();
  }

  close(): void {
    this.db.close();
  }
}
