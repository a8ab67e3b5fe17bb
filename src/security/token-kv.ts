// Token records kept in a key-value store entry (`store.memory`, `store.sql`): the store a
// `security.token_store` names is where its tokens live. Keys are `token:<sha256 of the
// token>` (the store never holds a usable token); values are the record's JSON text, with
// the store's TTL set to the token's expiry so stores that sweep expired keys drop them.
// The store is looked up at every call, so a changed store entry takes effect at once.

import type { KvStore } from '../store/types.js';
import { then, type Maybe } from '../sql/lua-async.js';
import { bytesToText, textToBytes } from '../lua/runtime/values.js';
import type { TokenBackend } from './tokens.js';

const PREFIX = 'token:';

export class KvTokenBackend implements TokenBackend {
  constructor(private readonly store: () => KvStore) {}

  get(key: string): Maybe<string | undefined> {
    return then(this.store().get(PREFIX + key), (e) => (typeof e?.value === 'string' ? bytesToText(e.value) : undefined));
  }

  set(key: string, value: string, expiresAt: number): Maybe<void> {
    const ttl = Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000));
    return this.store().set(PREFIX + key, textToBytes(value), ttl);
  }

  delete(key: string): Maybe<boolean> {
    return this.store().delete(PREFIX + key);
  }
}
