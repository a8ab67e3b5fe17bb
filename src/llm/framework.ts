// Built-in stand-ins for the framework's LLM package. A reference app pulls `wippy/llm` in
// with an `ns.dependency` and then imports `wippy.llm:llm` / `wippy.llm:prompt` and points
// its model cards at `wippy.llm.openai:provider` (and the like). When that package is not
// installed (no entry in namespace `wippy.llm`), these entries take its place: the two
// libraries return the built-in `llm` and `prompt` modules, and the provider cards name the
// drivers our AI SDK providers stand for (keys from the default env names, e.g. a declared
// OPENAI_API_KEY variable). An installed package always wins: nothing is added then.

import { makeEntry, type Entry } from '../registry/entry.js';

const FRAMEWORK_COMPONENTS = new Set(['wippy/llm', 'wippy/agent']);

const library = (id: string, module: string): Entry => makeEntry({
  id, kind: 'library.lua', meta: { comment: `built-in stand-in: the ${module} module` },
  data: { modules: [module] }, sourceText: `return require("${module}")`, sourceFile: `<built-in ${id}>`,
});

const provider = (ns: string, name: string, driver: string): Entry => makeEntry({
  id: `${ns}:provider`, kind: 'registry.entry',
  meta: { type: 'llm.provider', name, comment: 'built-in stand-in provider card' },
  data: { driver: { id: `${ns}:${driver}` } },
});

export function frameworkStandIns(entries: readonly Entry[]): Entry[] {
  const wanted = entries.some((e) => e.kind === 'ns.dependency' && FRAMEWORK_COMPONENTS.has(String(e.data.component)));
  if (!wanted || entries.some((e) => e.namespace === 'wippy.llm')) return [];
  const have = new Set(entries.map((e) => e.id));
  return [
    library('wippy.llm:llm', 'llm'),
    library('wippy.llm:prompt', 'prompt'),
    provider('wippy.llm.openai', 'openai', 'driver'),
    provider('wippy.llm.openai_compat', 'openai-compat', 'driver'),
    provider('wippy.llm.claude', 'anthropic', 'driver'),
  ].filter((e) => !have.has(e.id));
}
