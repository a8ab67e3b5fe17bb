// Model and provider cards: `registry.entry` items with `meta.type: llm.model` and
// `llm.provider` (agents.md §2.2, §2.3). They are read from the live registry at every call,
// so switching a model or a provider is a registry change the next call sees.

export interface CardEntry {
  id: string;
  kind: string;
  meta: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface CardSource {
  get(id: string): CardEntry | undefined;
  all(): readonly CardEntry[];
}

export interface ProviderRef {
  id: string;
  provider_model: string;
  options?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

export interface ModelCard {
  id: string;
  name: string;
  title?: string;
  description?: string;
  capabilities: string[];
  class: string[];
  priority: number;
  max_tokens?: number;
  output_tokens?: number;
  pricing?: { input?: number; output?: number };
  providers: ProviderRef[];
  dimensions?: number;
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

export function modelCard(e: CardEntry): ModelCard {
  const m = e.meta, d = e.data;
  return {
    id: e.id,
    name: typeof m.name === 'string' ? m.name : e.id.slice(e.id.indexOf(':') + 1),
    title: m.title as string | undefined,
    description: m.comment as string | undefined,
    capabilities: list(m.capabilities),
    class: list(m.class),
    priority: typeof m.priority === 'number' ? m.priority : 0,
    max_tokens: d.max_tokens as number | undefined,
    output_tokens: d.output_tokens as number | undefined,
    pricing: d.pricing as ModelCard['pricing'],
    providers: Array.isArray(d.providers) ? d.providers as ProviderRef[] : [],
    dimensions: d.dimensions as number | undefined,
  };
}

export function allModels(src: CardSource): ModelCard[] {
  return src.all().filter((e) => e.kind === 'registry.entry' && e.meta.type === 'llm.model').map(modelCard);
}

export function modelClasses(src: CardSource): { id: string; name: string; title?: string; description?: string }[] {
  return src.all().filter((e) => e.kind === 'registry.entry' && e.meta.type === 'llm.model.class').map((e) => ({
    id: e.id,
    name: typeof e.meta.name === 'string' ? e.meta.name : e.id.slice(e.id.indexOf(':') + 1),
    title: e.meta.title as string | undefined,
    description: e.meta.comment as string | undefined,
  }));
}

function bestOfClass(models: ModelCard[], cls: string): ModelCard | undefined {
  let best: ModelCard | undefined;
  for (const m of models) if (m.class.includes(cls) && (best === undefined || m.priority > best.priority)) best = m;
  return best;
}

/** The card for a model name, `class:NAME` or a class name (agents.md §2.5), or an error. */
export function resolveModel(src: CardSource, id: string): ModelCard | { error: string } {
  const models = allModels(src);
  let card: ModelCard | undefined;
  if (id.startsWith('class:')) {
    card = bestOfClass(models, id.slice(6));
    if (card === undefined) return { error: `No models found in class: ${id.slice(6)}` };
  } else {
    card = models.find((m) => m.name === id) ?? models.find((m) => m.id === id) ?? bestOfClass(models, id);
  }
  if (card === undefined) return { error: `Model or class not found: ${id}` };
  if (card.providers.length === 0 || typeof card.providers[0].id !== 'string') {
    return { error: `Model ${card.name} has no providers` };
  }
  return card;
}

/** USD for a call's tokens at the card's prices (per million tokens). */
export function costOf(card: ModelCard | undefined, promptTokens: number, completionTokens: number): number {
  const p = card?.pricing;
  if (p === undefined) return 0;
  return (promptTokens * (p.input ?? 0) + completionTokens * (p.output ?? 0)) / 1e6;
}
