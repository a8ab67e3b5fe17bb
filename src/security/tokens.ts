// Token stores (`security.token_store`, services.md §7.2): opaque bearer tokens that stand
// for an actor and a scope. `create` stores {actor, policy ids, meta, expiry} under a hash of
// the token (the store never holds a usable token); `validate` rebuilds actor and scope from
// the current policy entries; `revoke` deletes. With `token_key` set, tokens carry an
// HMAC-SHA256 signature (`<token>.<signature>`) checked before any lookup.
//
// The `store` field names a key-value store entry (`store.memory`, `store.sql`), and the
// tokens live in that store (token-kv.ts): a `store.sql` store keeps them in its own table of
// its own database, so they survive restarts and are shared by every node using it. Backends
// may answer later (PostgreSQL), so create/validate/revoke return a value or a promise.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Actor, Scope, type Policy } from './model.js';
import type { PolicyCatalog } from './catalog.js';
import { parseDurationMs } from '../system/duration.js';
import { then, type Maybe } from '../sql/lua-async.js';

export interface TokenBackend {
  get(key: string, now: number): Maybe<string | undefined>;
  set(key: string, value: string, expiresAt: number): Maybe<void>;
  delete(key: string): Maybe<boolean>;
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

  create(actor: Actor, scope: Scope | undefined, opts: { expirationMs?: number; meta?: Record<string, unknown> } = {}): Maybe<string> {
    const raw = randomBytes(this.config.tokenLength).toString('base64url');
    const token = this.config.key === undefined ? raw : `${raw}.${this.sign(raw)}`;
    const expiresAt = this.now() + (opts.expirationMs ?? this.config.defaultExpirationMs);
    const record = { actor: { id: actor.id, meta: actor.meta }, policies: scope?.policies.map((p) => p.id) ?? [],
      meta: opts.meta ?? {}, expires_at: expiresAt };
    return then(this.backend.set(keyOf(raw), JSON.stringify(record), expiresAt), () => token);
  }

  /** The actor and scope a token stands for, or why it does not validate. */
  validate(token: string): Maybe<{ actor: Actor; scope: Scope; meta: Record<string, unknown> } | string> {
    const raw = this.verified(token);
    if (raw === undefined) return 'invalid token signature';
    return then(this.backend.get(keyOf(raw), this.now()), (text) => {
      if (text === undefined) return 'token not found or expired';
      const rec = JSON.parse(text) as { actor: { id: string; meta: Record<string, unknown> }; policies: string[]; meta: Record<string, unknown>; expires_at?: number };
      // the record's own expiry is exact; a store's TTL may be rounded to seconds
      if (typeof rec.expires_at === 'number' && rec.expires_at <= this.now()) return 'token not found or expired';
      const policies: Policy[] = [];
      for (const id of rec.policies) {
        const p = this.catalog.policy(id);
        // a token whose policy is gone would silently lose a deny: refuse it instead
        if (p === undefined) return `policy ${id} of this token no longer exists`;
        policies.push(p);
      }
      return { actor: new Actor(rec.actor.id, rec.actor.meta), scope: new Scope(policies), meta: rec.meta };
    });
  }

  revoke(token: string): Maybe<boolean> {
    const raw = this.verified(token);
    return raw === undefined ? false : this.backend.delete(keyOf(raw));
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

export interface TokenStoreDeps {
  entry(id: string): { id: string; kind: string; data: Record<string, unknown> } | undefined;
  /** `${env:NAME}` -> value */
  env(name: string): string | undefined;
  catalog: PolicyCatalog;
  /** the backend keeping tokens in the key-value store entry `storeId`, or why there is none */
  backend(storeId: string): TokenBackend | string;
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
      const b = this.deps.backend(cfg.store);
      if (typeof b === 'string') return `${id}: ${b}`;
      backend = b;
      this.backends.set(cfg.store, backend);
    }
    const store = new TokenStore(cfg, backend, this.deps.catalog);
    this.stores.set(e, store);
    return store;
  }

  close(): void {
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
