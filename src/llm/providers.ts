// Provider cards -> AI SDK models. A card's `data.driver.id` names the reference driver it
// stands for; we map it to an AI SDK provider instead of running the driver's Lua:
//   *openai_compat* / *openai-compat*  -> @ai-sdk/openai-compatible (any base URL)
//   *claude* / *anthropic*             -> @ai-sdk/anthropic (Messages API)
//   *openai*                           -> @ai-sdk/openai (chat completions)
// Settings resolve as the reference's clients do (agents.md §2.3): a direct `key`, else the
// env variable named by `key_env` (`none` = no value), else the default variable, else a
// built-in default. `key_env` names a variable the app declares (env.variable); the OS
// environment is read directly only for the default names (OPENAI_API_KEY, ...), so a
// provider card cannot send an arbitrary OS variable to the URL it names.

import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createAnthropic } from '@ai-sdk/anthropic';
import type { EmbeddingModel, LanguageModel } from 'ai';
import type { CardSource } from './cards.js';

export type DriverKind = 'openai' | 'openai-compat' | 'anthropic';

export interface EnvLookup {
  /** a variable the app declares (env.variable entries), by public name or entry id */
  app(name: string): string | undefined;
  /** the OS environment, asked only for the drivers' default variable names */
  os(name: string): string | undefined;
}

export interface ProviderSettings {
  providerId: string;
  kind: DriverKind;
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  /** milliseconds */
  timeout?: number;
  retry?: { attempts?: number; backoff_ms?: number };
}

const DEFAULT_ENV: Record<DriverKind, { key: string; url: string; timeout: string; defaultUrl?: string }> = {
  'openai': { key: 'OPENAI_API_KEY', url: 'OPENAI_BASE_URL', timeout: 'OPENAI_TIMEOUT' },
  'openai-compat': { key: 'OPENAI_COMPAT_API_KEY', url: 'OPENAI_COMPAT_BASE_URL', timeout: 'OPENAI_COMPAT_TIMEOUT' },
  'anthropic': { key: 'ANTHROPIC_API_KEY', url: 'ANTHROPIC_BASE_URL', timeout: 'ANTHROPIC_TIMEOUT' },
};

export function driverKind(driverId: string): DriverKind | undefined {
  const d = driverId.toLowerCase();
  if (d.includes('openai_compat') || d.includes('openai-compat')) return 'openai-compat';
  if (d.includes('claude') || d.includes('anthropic')) return 'anthropic';
  if (d.includes('openai')) return 'openai';
  return undefined;
}

function setting(ctx: Record<string, unknown>, key: string, defaultEnv: string, env: EnvLookup): string | undefined {
  const direct = ctx[key];
  if (typeof direct === 'string' && direct !== '') return direct;
  if (typeof direct === 'number') return String(direct);
  const named = ctx[`${key}_env`];
  if (named === 'none') return undefined;
  if (typeof named === 'string' && named !== '') {
    const v = env.app(named);
    if (v !== undefined && v !== '') return v;
  }
  const v = env.app(defaultEnv) ?? env.os(defaultEnv);
  return v === '' ? undefined : v;
}

/** The settings of provider `providerId` with `overrides` (the model's provider-ref context). */
export function providerSettings(src: CardSource, providerId: string, overrides: Record<string, unknown>, env: EnvLookup):
  ProviderSettings | { error: string } {
  const e = src.get(providerId);
  if (e === undefined) return { error: `Provider not found: ${providerId}` };
  const driver = e.data.driver as { id?: unknown; options?: Record<string, unknown> } | undefined;
  if (e.meta.type !== 'llm.provider' || typeof driver?.id !== 'string') {
    return { error: `Entry ${providerId} is not a provider (needs meta.type llm.provider and data.driver.id)` };
  }
  const kind = driverKind(driver.id);
  if (kind === undefined) return { error: `Provider ${providerId}: unsupported driver ${driver.id}` };
  const ctx = { ...(driver.options ?? {}), ...overrides };
  const names = DEFAULT_ENV[kind];
  const timeout = setting(ctx, 'timeout', names.timeout, env);
  return {
    providerId,
    kind,
    apiKey: setting(ctx, 'api_key', names.key, env),
    baseURL: setting(ctx, 'base_url', names.url, env),
    headers: ctx.headers as Record<string, string> | undefined,
    timeout: timeout !== undefined && Number(timeout) > 0 ? Number(timeout) * 1000 : undefined,
    retry: ctx.retry as ProviderSettings['retry'],
  };
}

export function languageModel(s: ProviderSettings, model: string): LanguageModel {
  switch (s.kind) {
    case 'anthropic':
      return createAnthropic({ apiKey: s.apiKey ?? '', baseURL: s.baseURL, headers: s.headers })(model);
    case 'openai-compat':
      if (s.baseURL === undefined) throw new Error(`Provider ${s.providerId}: base_url is required for an OpenAI-compatible provider`);
      return createOpenAICompatible({ name: 'openai-compat', baseURL: s.baseURL, apiKey: s.apiKey, headers: s.headers,
                                      supportsStructuredOutputs: true }).chatModel(model);
    case 'openai':
      return createOpenAI({ apiKey: s.apiKey ?? '', baseURL: s.baseURL, headers: s.headers }).chat(model);
  }
}

export function embeddingModel(s: ProviderSettings, model: string): EmbeddingModel {
  switch (s.kind) {
    case 'anthropic':
      throw new Error(`Provider ${s.providerId}: Anthropic has no embeddings API`);
    case 'openai-compat':
      if (s.baseURL === undefined) throw new Error(`Provider ${s.providerId}: base_url is required for an OpenAI-compatible provider`);
      return createOpenAICompatible({ name: 'openai-compat', baseURL: s.baseURL, apiKey: s.apiKey, headers: s.headers }).embeddingModel(model);
    case 'openai':
      return createOpenAI({ apiKey: s.apiKey ?? '', baseURL: s.baseURL, headers: s.headers }).embedding(model);
  }
}
