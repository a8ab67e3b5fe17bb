// Test support: YAML for model and provider cards pointing at the fake provider servers.

export interface FakeEndpoints {
  openai?: string;
  anthropic?: string;
}

/** `registry.entry` cards in namespace `models`: providers `openai`/`claude` and models. The
 * OpenAI key is read from the OS variable FAKE_OPENAI_KEY through a declared env.variable. */
export function cardsYaml(urls: FakeEndpoints, models: { name: string; provider: string; provider_model: string;
  class?: string[]; priority?: number; pricing?: { input: number; output: number }; dimensions?: number }[]): string {
  let y = `version: "1.0"
namespace: models
entries:
  - name: os
    kind: env.storage.os
  - name: fake_openai_key
    kind: env.variable
    variable: FAKE_OPENAI_KEY
    storage: os
`;
  if (urls.openai) {
    y += `  - name: openai
    kind: registry.entry
    meta: { type: llm.provider, name: openai }
    driver:
      id: wippy.llm.openai_compat:driver
      options: { base_url: "${urls.openai}", api_key_env: models:fake_openai_key }
`;
  }
  if (urls.anthropic) {
    y += `  - name: claude
    kind: registry.entry
    meta: { type: llm.provider, name: anthropic }
    driver:
      id: wippy.llm.claude:driver
      options: { base_url: "${urls.anthropic}", api_key: test-anthropic-key }
`;
  }
  for (const m of models) {
    y += `  - name: ${m.name.replace(/[^a-z0-9_]/gi, '_')}
    kind: registry.entry
    meta: { type: llm.model, name: ${m.name}, class: [${(m.class ?? []).join(', ')}], priority: ${m.priority ?? 0}, capabilities: [generate, tool_use, structured_output, embed] }
    providers: [{ id: models:${m.provider}, provider_model: ${m.provider_model} }]
${m.pricing ? `    pricing: { input: ${m.pricing.input}, output: ${m.pricing.output} }\n` : ''}${m.dimensions ? `    dimensions: ${m.dimensions}\n` : ''}`;
  }
  return y;
}
