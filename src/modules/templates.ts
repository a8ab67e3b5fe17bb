// The `templates` module (services spec §10.2): render Jet templates of a `template.set`.
//
//   local set, err = templates.get("app:views")      -- permission action `template.get`
//   local html, err = set:render("page", {title = "Hi"})
//   set:release()
//
// The data table is read in place (`.` and, for its string keys, variables); the result is a
// Lua byte string. Template text and data are bytes, so UTF-8 passes through untouched.

import { refusal } from '../security/guard.js';
import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import { KIND, fail } from './errors.js';
import type { Runtime } from '../system/runtime.js';
import { templateSets } from '../kinds/template.js';
import { TemplateError, TemplateNotFound } from '../templates/errors.js';

interface Handle {
  id: string;
  released: boolean;
}

export function createTemplatesModule(rt: Runtime): LuaTable {
  const meta = new LuaTable();
  meta.setStr('__name', 'templates.Set');
  const handleOf = (self: LuaValue): Handle | undefined =>
    (self instanceof Userdata && self.mt === meta ? (self.data as Handle) : undefined);

  meta.setStr('__index', makeLib({
    render: (self: LuaValue, name: LuaValue, data: LuaValue) => {
      const h = handleOf(self);
      if (h === undefined) return fail(KIND.INVALID, 'not a template set (use set:render(name, data))');
      if (h.released) return fail(KIND.INTERNAL, `template set ${h.id} is released`);
      if (typeof name !== 'string' || name === '') return fail(KIND.INVALID, 'template name required');
      if (data !== undefined && !(data instanceof LuaTable)) return fail(KIND.INVALID, 'template data must be a table');
      const set = templateSets(rt.entries).get(h.id);
      if (set === undefined) return fail(KIND.NOT_FOUND, `template set ${h.id} not found`);
      try {
        return set.render(name, data ?? new LuaTable());
      } catch (e) {
        if (e instanceof TemplateNotFound && e.template === name) return fail(KIND.NOT_FOUND, `template "${bytesToText(name)}" not found in set ${h.id}`);
        if (e instanceof TemplateError || e instanceof TemplateNotFound) return fail(KIND.INTERNAL, bytesToText(e.message));
        // a pathologically deep expression or data structure exhausts the JS stack
        if (e instanceof RangeError) return fail(KIND.INTERNAL, `template "${bytesToText(name)}": ${e.message}`);
        throw e;
      }
    },
    release: (self: LuaValue) => {
      const h = handleOf(self);
      if (h === undefined || h.released) return false;
      h.released = true;
      return true;
    },
  }));
  meta.frozen = true;

  const mod = makeLib({
    get: (id: LuaValue) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'template set id required');
      const key = bytesToText(id);
      const no = refusal(rt.node, 'template.get', key);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      if (templateSets(rt.entries).get(key) === undefined) return fail(KIND.NOT_FOUND, `template set ${key} not found`);
      return new Userdata({ id: key, released: false } satisfies Handle, meta);
    },
  });
  mod.frozen = true;
  return mod;
}
