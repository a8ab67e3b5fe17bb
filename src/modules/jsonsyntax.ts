// Why a JSON text is invalid, with the byte offset: run only after JSON.parse failed, so
// the fast path never pays for it. Messages follow Go's encoding/json wording (what the
// reference prints), plus "at offset N" (0-based byte offset in the Lua string).
//
// An iterative scanner over the byte string (no recursion: hostile input may nest deeply).

const enum Ctx { Array, ObjectKey, ObjectValue }

class Fail {
  constructor(public message: string) {}
}

function charName(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  const short: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
  return `'${short[c] ?? '\\x' + c.toString(16).padStart(2, '0')}'`;
}

export function describeSyntaxError(s: string): string {
  try {
    scan(s);
    // JSON.parse rejected something the scanner accepts: report it without a position
    return 'invalid JSON';
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}

function scan(s: string): void {
  const n = s.length;
  let i = 0;
  const stack: Ctx[] = [];
  const bad = (what: string): never => {
    if (i >= n) throw new Fail(`unexpected end of JSON input at offset ${n}`);
    throw new Fail(`invalid character ${charName(s.charCodeAt(i))} ${what} at offset ${i}`);
  };
  const ws = () => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      if (i >= n) bad('');
      const c = s.charCodeAt(i);
      if (c === 0x22) { i++; return; }
      if (c < 0x20) bad('in string literal');
      if (c === 0x5c) {
        i++;
        if (i >= n) bad('');
        const e = s.charCodeAt(i);
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= n || !/[0-9a-fA-F]/.test(s[i])) bad('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(s[i])) {
          bad('in string escape code');
        }
      }
      i++;
    }
  };
  const digits = (): number => {
    const start = i;
    while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    return i - start;
  };
  const num = () => {
    if (s[i] === '-') {
      i++;
      if (i >= n || !/[0-9]/.test(s[i])) bad('in numeric literal');
    }
    if (s[i] === '0') i++;
    else digits();
    if (s[i] === '.') {
      i++;
      if (digits() === 0) bad('after decimal point in numeric literal');
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i++;
      if (s[i] === '+' || s[i] === '-') i++;
      if (digits() === 0) bad('in exponent of numeric literal');
    }
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) {
      if (s[i] !== word[k]) bad(`in literal ${word} (expecting '${word[k]}')`);
    }
  };
  /** One value, or the opening of a container (pushed on the stack). */
  const value = (): boolean => {
    ws();
    if (i >= n) bad('');
    const c = s[i];
    if (c === '{') { i++; stack.push(Ctx.ObjectKey); return false; }
    if (c === '[') { i++; stack.push(Ctx.Array); return false; }
    if (c === '"') str();
    else if (c === '-' || (c >= '0' && c <= '9')) num();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else bad('looking for beginning of value');
    return true;
  };

  let complete = value();
  for (;;) {
    if (stack.length === 0 && complete) {
      ws();
      if (i < n) bad('after top-level value');
      return;
    }
    const top = stack[stack.length - 1];
    ws();
    if (top === Ctx.ObjectKey && !complete) {
      // just after '{' or ',': a key (or '}' right after '{')
      if (s[i] === '}' && prevNonWs(s, i) === '{') { i++; stack.pop(); complete = true; continue; }
      if (s[i] !== '"') bad('looking for beginning of object key string');
      str();
      ws();
      if (s[i] !== ':') bad('after object key');
      i++;
      stack[stack.length - 1] = Ctx.ObjectValue;
      complete = value();
      continue;
    }
    if (top === Ctx.Array && !complete) {
      if (s[i] === ']' && prevNonWs(s, i) === '[') { i++; stack.pop(); complete = true; continue; }
      complete = value();
      continue;
    }
    // a value inside the container is complete: a separator or the closing bracket
    if (top === Ctx.Array) {
      if (s[i] === ',') { i++; complete = value(); continue; }
      if (s[i] === ']') { i++; stack.pop(); complete = true; continue; }
      bad('after array element');
    } else {
      if (s[i] === ',') { i++; stack[stack.length - 1] = Ctx.ObjectKey; complete = false; continue; }
      if (s[i] === '}') { i++; stack.pop(); complete = true; continue; }
      bad('after object key:value pair');
    }
  }
}

function prevNonWs(s: string, i: number): string {
  let k = i - 1;
  while (k >= 0 && ' \t\n\r'.includes(s[k])) k--;
  return s[k];
}
