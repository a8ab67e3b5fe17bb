// Policies and policy groups as the registry declares them now. Compiled once per registry
// version (a changed policy entry takes effect for the next check); a policy entry that does
// not compile is left out here — boot and the registry guard reject such entries with their
// problems, so this only happens for entries the app itself declared broken.

import { compilePolicy, POLICY_KINDS, Policy, type PolicyEntry } from './model.js';

export interface EntryView {
  get(id: string): (PolicyEntry & { meta?: Record<string, unknown> }) | undefined;
  all(): readonly (PolicyEntry & { meta?: Record<string, unknown> })[];
}

export class PolicyCatalog {
  private cachedFor: unknown = undefined;
  private byId = new Map<string, Policy>();
  private byGroup = new Map<string, Policy[]>();

  /** `current()` returns the registry's current view; a new object means a new version. */
  constructor(private readonly current: () => EntryView) {}

  policy(id: string): Policy | undefined {
    this.refresh();
    return this.byId.get(id);
  }

  /** Every policy in the group, or undefined when no policy names that group. */
  group(id: string): Policy[] | undefined {
    this.refresh();
    return this.byGroup.get(id);
  }

  private refresh(): void {
    const view = this.current();
    if (view === this.cachedFor) return;
    this.cachedFor = view;
    this.byId = new Map();
    this.byGroup = new Map();
    for (const e of view.all()) {
      if (!POLICY_KINDS.has(e.kind)) continue;
      const p = compilePolicy(e);
      if (!(p instanceof Policy)) continue;
      this.byId.set(p.id, p);
      for (const g of p.groups) {
        const list = this.byGroup.get(g) ?? [];
        list.push(p);
        this.byGroup.set(g, list);
      }
    }
  }
}
