// One LLM service per running app: cards come from the runtime's live entries, env values
// from the app's env system (and, for the default key names, the OS environment).

import type { Runtime } from '../system/runtime.js';
import { LlmService } from './service.js';

const services = new WeakMap<Runtime, LlmService>();

export function llmServiceOf(rt: Runtime): LlmService {
  let s = services.get(rt);
  if (s === undefined) {
    s = new LlmService(rt.entries, { app: (name) => rt.env?.resolve(name), os: (name) => process.env[name] });
    services.set(rt, s);
  }
  return s;
}
