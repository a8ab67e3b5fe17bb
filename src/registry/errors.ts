// Registry problems are plain data so that the loader, the validator and the live registry can
// all produce them, callers can filter or downgrade them by code, and the CLI can print them.

/** One problem found in a project or a changeset. */
export interface RegistryError {
  /** Stable machine-readable code, e.g. `unknown-kind`; callers may downgrade some codes. */
  code: string;
  message: string;
  /** Definition file, relative to the project root (posix separators). */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column, only for YAML syntax errors. */
  column?: number;
  /** The entry the problem belongs to, when it has an id. */
  entry?: string;
}

/** `src/_index.yaml:12: entry app:worker: unknown kind 'proces.lua'` */
export function formatError(e: RegistryError): string {
  let where = '';
  if (e.file !== undefined) {
    where = e.file;
    if (e.line !== undefined) where += `:${e.line}`;
    if (e.line !== undefined && e.column !== undefined) where += `:${e.column}`;
    where += ': ';
  }
  const who = e.entry !== undefined ? `entry ${e.entry}: ` : '';
  return where + who + e.message;
}

/** Orders problems by file and line (stable), located ones first, so output reads like a linter's. */
export function sortErrors(errors: readonly RegistryError[]): RegistryError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => compareLocation(a.e, b.e) || a.i - b.i)
    .map((x) => x.e);
}

function compareLocation(a: RegistryError, b: RegistryError): number {
  if (a.file === undefined || b.file === undefined) {
    return (a.file === undefined ? 1 : 0) - (b.file === undefined ? 1 : 0);
  }
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0);
}

/** Identity of a problem regardless of order, used to tell new problems from pre-existing ones. */
export function errorKey(e: RegistryError): string {
  return `${e.code}\u0000${e.entry ?? ''}\u0000${e.message}`;
}
