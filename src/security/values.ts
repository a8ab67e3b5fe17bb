// Actors, scopes and policies as Lua sees them: userdata over the immutable model objects,
// with one shared read-only metatable each. They are marked portable, so they cross process
// boundaries (messages, function arguments) as they are, like Error values.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { makeLib, typeError } from '../lua/lib/args.js';
import { bytesToText } from '../lua/runtime/values.js';
import { markPortable } from '../kernel/copy.js';
import { toLua } from '../system/convert.js';
import { toPlain } from '../modules/logger.js';
import { Actor, Policy, Scope } from './model.js';

const actorMeta = new LuaTable();
const scopeMeta = new LuaTable();
const policyMeta = new LuaTable();

export function actorValue(a: Actor): Userdata { return new Userdata(a, actorMeta); }
export function scopeValue(s: Scope): Userdata { return new Userdata(s, scopeMeta); }
export function policyValue(p: Policy): Userdata { return new Userdata(p, policyMeta); }

export function actorOf(v: LuaValue): Actor | undefined {
  return v instanceof Userdata && v.mt === actorMeta ? v.data as Actor : undefined;
}
export function scopeOf(v: LuaValue): Scope | undefined {
  return v instanceof Userdata && v.mt === scopeMeta ? v.data as Scope : undefined;
}
export function policyOf(v: LuaValue): Policy | undefined {
  return v instanceof Userdata && v.mt === policyMeta ? v.data as Policy : undefined;
}

/** A Lua table -> plain record for meta (an empty table is an empty map, not a list). */
export function plainMeta(v: LuaValue): Record<string, unknown> {
  if (!(v instanceof LuaTable)) return {};
  const p = toPlain(v);
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? p as Record<string, unknown> : {};
}

const needActor = (v: LuaValue, fname: string): Actor => actorOf(v) ?? typeError(1, fname, 'Actor', v);
const needScope = (v: LuaValue, fname: string): Scope => scopeOf(v) ?? typeError(1, fname, 'Scope', v);
const needPolicy = (v: LuaValue, fname: string): Policy => policyOf(v) ?? typeError(1, fname, 'Policy', v);

/** evaluate(actor, action, resource, meta?) arguments, shared by policies and scopes. */
function evalArgs(args: LuaValue[], fname: string): [Actor | undefined, string, string, Record<string, unknown>] {
  const actor = args[0] === undefined ? undefined : actorOf(args[0]) ?? typeError(2, fname, 'Actor', args[0]);
  const action = typeof args[1] === 'string' ? bytesToText(args[1]) : typeError(3, fname, 'string', args[1]);
  const resource = typeof args[2] === 'string' ? bytesToText(args[2]) : typeError(4, fname, 'string', args[2]);
  return [actor, action, resource, plainMeta(args[3])];
}

actorMeta.setStr('__index', makeLib({
  id: (self: LuaValue) => needActor(self, 'id').id,
  meta: (self: LuaValue) => toLua(needActor(self, 'meta').meta) ?? new LuaTable(),
}));
actorMeta.setStr('__tostring', (self: Userdata) => `Actor(${(self.data as Actor).id})`);
actorMeta.setStr('__eq', (a: Userdata, b: Userdata) => actorOf(a)?.id === actorOf(b)?.id);
actorMeta.setStr('__name', 'security.Actor');

policyMeta.setStr('__index', makeLib({
  id: (self: LuaValue) => needPolicy(self, 'id').id,
  evaluate: (self: LuaValue, ...args: LuaValue[]) => needPolicy(self, 'evaluate').evaluate(...evalArgs(args, 'evaluate')),
}));
policyMeta.setStr('__tostring', (self: Userdata) => `Policy(${(self.data as Policy).id})`);
policyMeta.setStr('__name', 'security.Policy');

scopeMeta.setStr('__index', makeLib({
  with: (self: LuaValue, p: LuaValue) => scopeValue(needScope(self, 'with').with(policyOf(p) ?? typeError(1, 'with', 'Policy', p))),
  without: (self: LuaValue, id: LuaValue) => {
    const pid = policyOf(id)?.id ?? (typeof id === 'string' ? bytesToText(id) : typeError(1, 'without', 'string', id));
    return scopeValue(needScope(self, 'without').without(pid));
  },
  contains: (self: LuaValue, id: LuaValue) => needScope(self, 'contains').contains(policyOf(id)?.id ?? bytesToText(String(id))),
  policies: (self: LuaValue) => new LuaTable(needScope(self, 'policies').policies.map(policyValue)),
  evaluate: (self: LuaValue, ...args: LuaValue[]) => needScope(self, 'evaluate').evaluate(...evalArgs(args, 'evaluate')),
}));
scopeMeta.setStr('__tostring', (self: Userdata) => `Scope(${(self.data as Scope).policies.map((p) => p.id).join(', ')})`);
scopeMeta.setStr('__name', 'security.Scope');

for (const m of [actorMeta, scopeMeta, policyMeta]) {
  (m.getStr('__index') as LuaTable).frozen = true;
  m.frozen = true;
  markPortable(m);
}
