// Token usage and cost accounting: every successful call adds its tokens and its cost (from
// the model card's pricing, USD per million tokens) to the runtime's ledger, per model.

import type { Tokens } from './generate.js';

export interface UsageTotals {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  thinking_tokens: number;
  total_tokens: number;
  cost: number;
}

const empty = (): UsageTotals =>
  ({ calls: 0, prompt_tokens: 0, completion_tokens: 0, thinking_tokens: 0, total_tokens: 0, cost: 0 });

function add(t: UsageTotals, tokens: Partial<Tokens>, cost: number): void {
  t.calls++;
  t.prompt_tokens += tokens.prompt_tokens ?? 0;
  t.completion_tokens += tokens.completion_tokens ?? 0;
  t.thinking_tokens += tokens.thinking_tokens ?? 0;
  t.total_tokens += tokens.total_tokens ?? 0;
  t.cost += cost;
}

export class UsageLedger {
  private total = empty();
  private models = new Map<string, UsageTotals>();

  record(model: string, tokens: Partial<Tokens>, cost: number): void {
    add(this.total, tokens, cost);
    let m = this.models.get(model);
    if (m === undefined) this.models.set(model, m = empty());
    add(m, tokens, cost);
  }

  totals(): UsageTotals & { by_model: Record<string, UsageTotals> } {
    return { ...this.total, by_model: Object.fromEntries([...this.models].map(([k, v]) => [k, { ...v }])) };
  }
}
