// Every template problem, at parse or render time, names the template, line and column.

export interface Pos {
  line: number;
  col: number;
}

export class TemplateError extends Error {
  constructor(readonly template: string, readonly pos: Pos, readonly detail: string) {
    super(`template "${template}" line ${pos.line}, column ${pos.col}: ${detail}`);
    this.name = 'TemplateError';
  }
}

/** A template the set does not have (an `include`/`extends` target or the rendered name). */
export class TemplateNotFound extends Error {
  constructor(readonly template: string) {
    super(`template "${template}" not found`);
    this.name = 'TemplateNotFound';
  }
}
