// YAML parsing with positions. Definition files go through the Document API so each entry can
// remember its line; values are read with the same options everywhere.

import { parseDocument, LineCounter, type Document, type Node, type ParseOptions, type DocumentOptions, type SchemaOptions, type ToJSOptions } from 'yaml';
import type { RegistryError } from './errors.js';

/**
 * Leading-zero integers are octal (`file_mode: 0600` is 384), as in YAML 1.1 and in the Go
 * runtime's YAML decoder; a YAML 1.2 core schema alone would read 600 (config.md §7 #13).
 */
const octalInt = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: /^[-+]?0[0-7]+$/,
  identify: (v: unknown) => typeof v === 'number',
  resolve: (s: string) => parseInt(s, 8),
};

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  // `<<: *anchor` merges are common in hand-written YAML and the Go decoder honours them.
  merge: true,
  customTags: (tags) => [octalInt, ...tags],
};

const TO_JS: ToJSOptions = { maxAliasCount: -1 };

export interface ParsedYaml {
  doc?: Document.Parsed;
  /** 1-based line of a character offset. */
  lineAt(offset: number): number;
  errors: RegistryError[];
}

/** Parses one file; syntax errors come back as `yaml-syntax` problems with line and column. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter: lines });
  const lineAt = (offset: number) => lines.linePos(offset).line;
  const errors = doc.errors.map((err): RegistryError => {
    const pos = lines.linePos(err.pos[0]);
    return { code: 'yaml-syntax', message: `YAML syntax error: ${firstLine(err.message)}`, file, line: pos.line, column: pos.col };
  });
  return errors.length > 0 ? { lineAt, errors } : { doc, lineAt, errors };
}

/** The plain JS value of a node (maps become objects). */
export function toValue(doc: Document.Parsed, node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return undefined;
  return node.toJS(doc, TO_JS);
}

export function documentValue(doc: Document.Parsed): unknown {
  return doc.toJS(TO_JS);
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
