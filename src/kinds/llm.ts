// Boot checks of LLM cards (agents.md §2.2, §2.3): a model card must name at least one
// provider, and its first provider must be an `llm.provider` card with a driver (unless it
// lives in a namespace the app does not have at all: an uninstalled package). Drivers we
// cannot run are not an error here (a framework package may ship cards for them); calling
// such a model fails with a message naming the provider.

import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';

export function at(e: Entry): Pick<RegistryError, 'file' | 'line' | 'entry'> {
  return { file: e.source?.file, line: e.source?.line, entry: e.id };
}

const isCard = (e: Entry | undefined, type: string) => e !== undefined && e.kind === 'registry.entry' && e.meta.type === type;

/** A reference into a namespace with no entries at all is a package that is not installed:
 * left to the call to report, as the registry treats unresolved module references. */
export function namespaceKnown(entries: readonly Entry[], id: string): boolean {
  const ns = id.slice(0, id.indexOf(':'));
  return entries.some((e) => e.namespace === ns);
}

export function checkLlmCards(entries: readonly Entry[]): RegistryError[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const problems: RegistryError[] = [];
  for (const e of entries) {
    if (isCard(e, 'llm.provider')) {
      const driver = e.data.driver as { id?: unknown } | undefined;
      if (typeof driver?.id !== 'string') {
        problems.push({ code: 'llm-provider', message: 'provider card needs driver.id', ...at(e) });
      }
    }
    if (!isCard(e, 'llm.model')) continue;
    const providers = e.data.providers;
    if (!Array.isArray(providers) || providers.length === 0) {
      problems.push({ code: 'llm-model', message: 'model card needs providers: [{id, provider_model}]', ...at(e) });
      continue;
    }
    const ref = providers[0] as { id?: unknown; provider_model?: unknown };
    if (typeof ref?.id !== 'string' || typeof ref.provider_model !== 'string') {
      problems.push({ code: 'llm-model', message: 'model card provider needs id and provider_model', ...at(e) });
    } else if (!isCard(byId.get(ref.id), 'llm.provider') && namespaceKnown(entries, ref.id)) {
      problems.push({ code: 'llm-model', message: `provider ${ref.id} not found (a registry.entry with meta.type: llm.provider)`, ...at(e) });
    }
  }
  return problems;
}
