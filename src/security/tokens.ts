// Token stores (`security.token_store`, services.md §7.2): opaque bearer tokens that stand
// for an actor and a scope. `create` stores {actor, policy ids, meta, expiry} under a hash of
// the token (the store never holds a usable token); `validate` rebuilds actor and scope from
// the current policy entries; `revoke` deletes. With `token_key` set, tokens carry an
// HMAC-SHA256 signature (`<token>.<signature>`) checked before any lookup.
//
// The `store` field names a key-value store entry. Until the store kinds exist a backend is
// chosen here: `store.memory` keeps tokens in memory, anything else in SQLite under the app's
// `.wippy/` folder. `setTokenBackendFactory` lets the store implementation take over.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Actor, Scope, type Policy } from './model.js';
import type { PolicyCatalog } from './catalog.js';
import { parseDurationMs } from '../system/duration.js';

export interface TokenBackend {
  get(key: string, now: number): string | undefined;
  set(key: string, value: string, expiresAt: number): void;
  delete(key: string): boolean;
}

export class MemoryTokenBackend implements TokenBackend {
  private map = new Map<string, { value: string; expiresAt: number }>();
  get(key: string, now: number): string | undefined {
    const r = this.map.get(key);
    if (r === undefined) return undefined;
    if (r.expiresAt <= now) { this.map.delete(key); return undefined; }
    return r.value;
  }
  set(key: string, value: string, expiresAt: number): void { this.map.set(key, { value, expiresAt }); }
  delete(key: string): boolean { return this.map.delete(key); }
}

export class SqliteTokenBackend implements TokenBackend {
  private db: Database.Database;
  constructor(file: string, private readonly store: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS tokens (store TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
      expires_at INTEGER NOT NULL, PRIMARY KEY (store, key))`);
  }
  get(key: string, now: number): string | undefined {
    const row = this.db.prepare('SELECT value, expires_at FROM tokens WHERE store = ? AND key = ?').get(this.store, key) as
      { value: string; expires_at: number } | undefined;
    if (row === undefined) return undefined;
    if (row.expires_at <= now) { this.delete(key); return undefined; }
    return row.value;
  }
  set(key: string, value: string, expiresAt: number): void {
    this.db.prepare('INSERT OR REPLACE INTO tokens (store, key, value, expires_at) VALUES (?, ?, ?, ?)').run(this.store, key, value, expiresAt);
  }
  delete(key: string): boolean {
    return this.db.prepare('DELETE FROM tokens WHERE store = ? AND key = ?').run(this.store, key).changes > 0;
  }
  close(): void { this.db.close(); }
}

export interface TokenStoreConfig {
  id: string;
  store: string;
  tokenLength: number;
  defaultExpirationMs: number;
  key?: string;
}

const DAY = 86_400_000;

/** Durations as config and Lua give them: Go syntax, plus `d` for days (`7d`), or milliseconds. */
export function parseExpiration(v: unknown, dflt: number): number {
  if (typeof v === 'string') {
    const days = /^(\d+(?:\.\d+)?)d(.*)$/.exec(v.trim());
    if (days) return Number(days[1]) * DAY + (days[2] === '' ? 0 : parseDurationMs(days[2], 0));
  }
  return parseDurationMs(v, dflt);
}

export class TokenStore {
  constructor(readonly config: TokenStoreConfig, private readonly backend: TokenBackend,
              private readonly catalog: PolicyCatalog, private readonly now: () => number = Date.now) {}

  create(actor: Actor, scope: Scope | undefined, opts: { expirationMs?: number; meta?: Record<string, unknown> } = {}): string {
    const raw = randomBytes(this.config.tokenLength).toString('base64url');
    const token = this.config.key === undefined ? raw : `${raw}.${this.sign(raw)}`;
    const expiresAt = this.now() + (opts.expirationMs ?? this.config.defaultExpirationMs);
    const record = { actor: { id: actor.id, meta: actor.meta }, policies: scope?.policies.map((p) => p.id) ?? [],
      meta: opts.meta ?? {}, expires_at: expiresAt };
    this.backend.set(keyOf(raw), JSON.stringify(record), expiresAt);
    return token;
  }

  /** The actor and scope a token stands for, or why it does not validate. */
  validate(token: string): { actor: Actor; scope: Scope; meta: Record<string, unknown> } | string {
    const raw = this.verified(token);
    if (raw === undefined) return 'invalid token signature';
    const text = this.backend.get(keyOf(raw), this.now());
    if (text === undefined) return 'token not found or expired';
    const rec = JSON.parse(text) as { actor: { id: string; meta: Record<string, unknown> }; policies: string[]; meta: Record<string, unknown> };
    const policies: Policy[] = [];
    for (const id of rec.policies) {
      const p = this.catalog.policy(id);
      // a token whose policy is gone would silently lose a deny: refuse it instead
      if (p === undefined) return `policy ${id} of this token no longer exists`;
      policies.push(p);
    }
    return { actor: new Actor(rec.actor.id, rec.actor.meta), scope: new Scope(policies), meta: rec.meta };
  }

  revoke(token: string): boolean {
    const raw = this.verified(token);
    return raw !== undefined && this.backend.delete(keyOf(raw));
  }

  private sign(raw: string): string {
    return createHmac('sha256', this.config.key!).update(raw).digest('base64url');
  }

  /** The token part, when the signature (if any is required) is right. */
  private verified(token: string): string | undefined {
    if (this.config.key === undefined) return token.includes('.') ? undefined : token;
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const raw = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const want = Buffer.from(this.sign(raw));
    return given.length === want.length && timingSafeEqual(given, want) ? raw : undefined;
  }
}

function keyOf(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

export type TokenBackendFactory = (storeEntry: { id: string; kind: string } | undefined, storeId: string) => TokenBackend | undefined;

let backendFactory: TokenBackendFactory | undefined;

/** For the store kinds: back token stores with real stores. Return undefined to keep the default. */
export function setTokenBackendFactory(f: TokenBackendFactory | undefined): void {
  backendFactory = f;
}

export interface TokenStoreDeps {
  entry(id: string): { id: string; kind: string; data: Record<string, unknown> } | undefined;
  /** `${env:NAME}` -> value */
  env(name: string): string | undefined;
  catalog: PolicyCatalog;
  /** SQLite file for stores not kept in memory */
  file: string;
}

/** The token stores of one app, made on first use and kept per store entry. */
export class TokenStores {
  private backends = new Map<string, TokenBackend>();
  private stores = new WeakMap<object, TokenStore>();

  constructor(private readonly deps: TokenStoreDeps) {}

  get(id: string): TokenStore | string {
    const e = this.deps.entry(id);
    if (e === undefined || e.kind !== 'security.token_store') return `token store '${id}' not found`;
    const cached = this.stores.get(e);
    if (cached !== undefined) return cached;
    const cfg = this.configOf(e);
    if (typeof cfg === 'string') return cfg;
    let backend = this.backends.get(cfg.store);
    if (backend === undefined) {
      const storeEntry = this.deps.entry(cfg.store);
      backend = backendFactory?.(storeEntry, cfg.store)
        ?? (storeEntry?.kind === 'store.memory' ? new MemoryTokenBackend() : new SqliteTokenBackend(this.deps.file, cfg.store));
      this.backends.set(cfg.store, backend);
    }
    const store = new TokenStore(cfg, backend, this.deps.catalog);
    this.stores.set(e, store);
    return store;
  }

  close(): void {
    for (const b of this.backends.values()) if (b instanceof SqliteTokenBackend) b.close();
    this.backends.clear();
  }

  private configOf(e: { id: string; data: Record<string, unknown> }): TokenStoreConfig | string {
    const d = e.data;
    if (typeof d.store !== 'string' || d.store === '') return `${e.id}: store is required`;
    const store = d.store.includes(':') ? d.store : `${e.id.slice(0, e.id.indexOf(':'))}:${d.store}`;
    const tokenLength = d.token_length === undefined ? 32 : Number(d.token_length);
    if (!Number.isInteger(tokenLength) || tokenLength < 16 || tokenLength > 1024) return `${e.id}: token_length must be an integer from 16 to 1024`;
    let defaultExpirationMs: number;
    try {
      defaultExpirationMs = parseExpiration(d.default_expiration, DAY);
    } catch (err) {
      return `${e.id}: default_expiration: ${(err as Error).message}`;
    }
    let key: string | undefined;
    if (typeof d.token_key === 'string' && d.token_key !== '') {
      const m = /^\$\{env:([^}|]+)(?:\|([^}]*))?\}$/.exec(d.token_key);
      key = m ? this.deps.env(m[1]) ?? m[2] : d.token_key;
      if (key === undefined || key === '') return `${e.id}: token_key ${d.token_key} is not set`;
    } else if (typeof d.token_key_env === 'string') {
      key = this.deps.env(d.token_key_env);
    }
    return { id: e.id, store, tokenLength, defaultExpirationMs, key };
  }
}
