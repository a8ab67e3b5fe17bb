// The framework's universal message format (agents.md §2.8) -> AI SDK model messages.
//   system, developer            -> system messages (kept in place)
//   user, assistant              -> text / image / document parts
//   function_call                -> an assistant tool-call part (consecutive calls merge)
//   function_result              -> a tool message with the result as text
//   cache_marker                 -> dropped (a provider prompt-cache hint)

import type { ModelMessage } from 'ai';

export type UniversalMessage = {
  role?: string;
  content?: unknown;
  name?: string;
  function_call?: { name?: string; arguments?: unknown; id?: string };
  function_call_id?: string;
};

type Part = { type: 'text'; text: string } | { type: 'image'; image: string | URL; mediaType?: string }
  | { type: 'file'; data: string; mediaType: string };

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (typeof p === 'string' ? p : p?.type === 'text' ? String(p.text ?? '') : '')).join('');
  }
  if (content === undefined || content === null) return '';
  return JSON.stringify(content);
}

function partsOf(content: unknown): Part[] {
  if (!Array.isArray(content)) return [{ type: 'text', text: textOf(content) }];
  const parts: Part[] = [];
  for (const p of content) {
    if (typeof p === 'string') parts.push({ type: 'text', text: p });
    else if (p?.type === 'text') parts.push({ type: 'text', text: String(p.text ?? '') });
    else if (p?.type === 'image' && p.source?.type === 'url') parts.push({ type: 'image', image: new URL(p.source.url), mediaType: p.source.mime_type });
    else if (p?.type === 'image' && p.source?.type === 'base64') parts.push({ type: 'image', image: p.source.data, mediaType: p.source.mime_type });
    else if (p?.type === 'document' && p.source?.type === 'base64') parts.push({ type: 'file', data: p.source.data, mediaType: p.source.mime_type });
  }
  return parts;
}

function argumentsOf(a: unknown): unknown {
  if (typeof a !== 'string') return a ?? {};
  try {
    return JSON.parse(a);
  } catch {
    return {};
  }
}

/** Provider-safe tool names: the reference drivers map names this way and back. */
export function safeToolName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
}

export function toModelMessages(messages: UniversalMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', content: textOf(m.content) });
        break;
      case 'user':
        out.push({ role: 'user', content: partsOf(m.content) as never });
        break;
      case 'assistant': {
        const text = textOf(m.content);
        if (text !== '') out.push({ role: 'assistant', content: [{ type: 'text', text }] });
        break;
      }
      case 'function_call': {
        const fc = m.function_call ?? {};
        const part = { type: 'tool-call' as const, toolCallId: String(fc.id ?? ''), toolName: safeToolName(String(fc.name ?? '')),
                       input: argumentsOf(fc.arguments) };
        const last = out[out.length - 1];
        if (last?.role === 'assistant' && Array.isArray(last.content)) (last.content as unknown[]).push(part);
        else out.push({ role: 'assistant', content: [part] });
        break;
      }
      case 'function_result': {
        const part = { type: 'tool-result' as const, toolCallId: String(m.function_call_id ?? ''),
                       toolName: safeToolName(String(m.name ?? '')), output: { type: 'text' as const, value: textOf(m.content) } };
        const last = out[out.length - 1];
        if (last?.role === 'tool') last.content.push(part);
        else out.push({ role: 'tool', content: [part] });
        break;
      }
      case 'cache_marker':
        break;
      default:
        throw new Error(`unknown message role '${String(m.role)}'`);
    }
  }
  return out;
}
