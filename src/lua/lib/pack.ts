// string.pack, string.unpack and string.packsize (Lua 5.4 lstrlib.c semantics).
//
// Lua numbers are doubles here, so integers are exact up to 2^53: packing a larger
// integer packs the nearest double's 64-bit two's complement value, and unpacking an
// 8-byte (or wider) integer beyond 2^53 returns the nearest double. Unsigned 8-byte values
// of 2^63 and more come back negative, as lua_Integer does in C Lua. Integer arguments
// are truncated toward zero (the reference dialect's rule); non-finite ones raise.
//
// The machine is described as x86-64: native order little endian, `!` alignment 8,
// sizeof(int) 4, long/size_t/lua_Integer/lua_Number 8.

import { rtError } from '../runtime/errors.js';
import type { LuaValue } from '../runtime/types.js';
import { argError, checkNumber, checkString, optInt } from './args.js';

const MAXINTSIZE = 16;
const NATIVE_ALIGN = 8;
/** lstrlib's MAXSIZE: sizes are limited to fit in a C int */
const MAXSIZE = 2147483647;
const SZINT = 8;

const enum K {
  Int, Uint, Float, Number, Double, Char, String, Zstr, Padding, Paddalign, Nop,
}

/** Reads options from a format string (lstrlib's Header plus the format cursor). */
class Header {
  little = true;
  maxAlign = 1;
  pos = 0;
  /** size of the last option read */
  size = 0;
  /** padding needed before the last option read */
  ntoalign = 0;

  constructor(private fmt: string, private fname: string) {}

  more(): boolean {
    // a C format string ends at its first zero byte
    return this.pos < this.fmt.length && this.fmt.charCodeAt(this.pos) !== 0;
  }

  private digit(): boolean {
    const c = this.fmt.charCodeAt(this.pos);
    return c >= 48 && c <= 57;
  }

  private getNum(df: number): number {
    if (!this.digit()) return df;
    let a = 0;
    do {
      a = a * 10 + (this.fmt.charCodeAt(this.pos++) - 48);
    } while (this.digit() && a <= (MAXSIZE - 9) / 10);
    return a;
  }

  private getNumLimit(df: number): number {
    const sz = this.getNum(df);
    if (sz > MAXINTSIZE || sz <= 0) rtError(`integral size (${sz}) out of limits [1,${MAXINTSIZE}]`);
    return sz;
  }

  /** lstrlib's getoption: kind of the next option, its size in `this.size` */
  private option(): K {
    const opt = this.fmt.charCodeAt(this.pos++);
    this.size = 0;
    switch (opt) {
      case 98: this.size = 1; return K.Int; // b
      case 66: this.size = 1; return K.Uint; // B
      case 104: this.size = 2; return K.Int; // h
      case 72: this.size = 2; return K.Uint; // H
      case 108: case 106: this.size = 8; return K.Int; // l j
      case 76: case 74: case 84: this.size = 8; return K.Uint; // L J T
      case 102: this.size = 4; return K.Float; // f
      case 110: this.size = 8; return K.Number; // n
      case 100: this.size = 8; return K.Double; // d
      case 105: this.size = this.getNumLimit(4); return K.Int; // i
      case 73: this.size = this.getNumLimit(4); return K.Uint; // I
      case 115: this.size = this.getNumLimit(8); return K.String; // s
      case 99: // c
        this.size = this.getNum(-1);
        if (this.size === -1) rtError("missing size for format option 'c'");
        return K.Char;
      case 122: return K.Zstr; // z
      case 120: this.size = 1; return K.Padding; // x
      case 88: return K.Paddalign; // X
      case 32: break;
      case 60: this.little = true; break; // <
      case 62: this.little = false; break; // >
      case 61: this.little = true; break; // = (native: little endian)
      case 33: this.maxAlign = this.getNumLimit(NATIVE_ALIGN); break; // !
      default: rtError(`invalid format option '${String.fromCharCode(opt)}'`);
    }
    return K.Nop;
  }

  /** lstrlib's getdetails: next option, with its size and the padding to align it. */
  next(totalsize: number): K {
    const opt = this.option();
    let align = this.size;
    if (opt === K.Paddalign) {
      // 'X' takes its alignment from the following option, which is otherwise ignored
      if (!this.more()) argError(1, this.fname, "invalid next option for option 'X'");
      const size = this.size;
      const next = this.option();
      align = this.size;
      this.size = size;
      if (next === K.Char || align === 0) argError(1, this.fname, "invalid next option for option 'X'");
    }
    if (align <= 1 || opt === K.Char) {
      this.ntoalign = 0;
    } else {
      if (align > this.maxAlign) align = this.maxAlign;
      if ((align & (align - 1)) !== 0) argError(1, this.fname, 'format asks for alignment not power of 2');
      this.ntoalign = (align - (totalsize & (align - 1))) & (align - 1);
    }
    return opt;
  }
}

// ---- integers <-> bytes ------------------------------------------------------------------

function intArg(args: LuaValue[], k: number, fname: string): number {
  const v = args[k];
  const x = typeof v === 'number' ? v : checkNumber(args, k, fname);
  if (x - x !== 0) argError(k + 1, fname, 'number has no integer representation');
  return Math.trunc(x);
}

/** `size` bytes of integer n in the given order; bytes past the 8th are sign fill. */
function packInt(n: number, little: boolean, size: number, neg: boolean): string {
  const bytes = new Array<number>(size);
  if (size <= 6 && Number.isSafeInteger(n)) {
    // exact in doubles: the range checks keep n within 2^48
    let v = n < 0 ? n + Math.pow(2, 8 * size) : n;
    for (let i = 0; i < size; i++) {
      const b = v % 256;
      bytes[little ? i : size - 1 - i] = b;
      v = (v - b) / 256;
    }
  } else {
    let v = BigInt.asUintN(64, BigInt(n));
    for (let i = 0; i < size; i++) {
      let b: number;
      if (i < SZINT) {
        b = Number(v & 0xffn);
        v >>= 8n;
      } else {
        b = neg ? 0xff : 0;
      }
      bytes[little ? i : size - 1 - i] = b;
    }
  }
  return String.fromCharCode.apply(null, bytes);
}

function unpackInt(data: string, pos: number, little: boolean, size: number, signed: boolean): number {
  const at = (i: number) => data.charCodeAt(pos + (little ? i : size - 1 - i));
  if (size <= 6) {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + at(i);
    if (signed && v >= Math.pow(2, 8 * size - 1)) v -= Math.pow(2, 8 * size);
    return v;
  }
  const limit = size <= SZINT ? size : SZINT;
  let res = 0n;
  for (let i = limit - 1; i >= 0; i--) res = (res << 8n) | BigInt(at(i));
  if (size < SZINT) {
    if (signed) res = BigInt.asIntN(size * 8, res);
  } else {
    res = BigInt.asIntN(64, res);
    if (size > SZINT) {
      // the bytes past the 8th must only extend the sign
      const mask = !signed || res >= 0n ? 0 : 0xff;
      for (let i = limit; i < size; i++) {
        if (at(i) !== mask) rtError(`${size}-byte integer does not fit into Lua Integer`);
      }
    }
  }
  return Number(res);
}

const scratch = new DataView(new ArrayBuffer(8));

function floatBytes(x: number, size: number, little: boolean): string {
  if (size === 4) scratch.setFloat32(0, x, little);
  else scratch.setFloat64(0, x, little);
  let s = '';
  for (let i = 0; i < size; i++) s += String.fromCharCode(scratch.getUint8(i));
  return s;
}

function bytesFloat(data: string, pos: number, size: number, little: boolean): number {
  for (let i = 0; i < size; i++) scratch.setUint8(i, data.charCodeAt(pos + i));
  return size === 4 ? scratch.getFloat32(0, little) : scratch.getFloat64(0, little);
}

// ---- the library functions ---------------------------------------------------------------

/** string.pack(fmt, v1, v2, ...) */
export function pack(args: LuaValue[]): string {
  const fname = 'pack';
  const h = new Header(checkString(args, 0, fname), fname);
  let out = '';
  let total = 0;
  let arg = 0;
  while (h.more()) {
    const opt = h.next(total);
    const size = h.size;
    if (h.ntoalign > 0) out += '\0'.repeat(h.ntoalign);
    total += h.ntoalign;
    arg++;
    switch (opt) {
      case K.Int: {
        const n = intArg(args, arg, fname);
        if (size < SZINT) {
          const lim = Math.pow(2, size * 8 - 1);
          if (!(-lim <= n && n < lim)) argError(arg + 1, fname, 'integer overflow');
        }
        out += packInt(n, h.little, size, n < 0);
        break;
      }
      case K.Uint: {
        const n = intArg(args, arg, fname);
        if (size < SZINT && !(n >= 0 && n < Math.pow(2, size * 8))) argError(arg + 1, fname, 'unsigned overflow');
        out += packInt(n, h.little, size, false);
        break;
      }
      case K.Float: case K.Number: case K.Double:
        out += floatBytes(checkNumber(args, arg, fname), size, h.little);
        break;
      case K.Char: {
        const s = checkString(args, arg, fname);
        if (s.length > size) argError(arg + 1, fname, 'string longer than given size');
        out += s;
        if (s.length < size) out += '\0'.repeat(size - s.length);
        break;
      }
      case K.String: {
        const s = checkString(args, arg, fname);
        if (size < 8 && s.length >= Math.pow(2, size * 8)) {
          argError(arg + 1, fname, 'string length does not fit in given size');
        }
        out += packInt(s.length, h.little, size, false) + s;
        total += s.length;
        break;
      }
      case K.Zstr: {
        const s = checkString(args, arg, fname);
        if (s.indexOf('\0') >= 0) argError(arg + 1, fname, 'string contains zeros');
        out += s + '\0';
        total += s.length + 1;
        break;
      }
      case K.Padding:
        out += '\0';
        arg--;
        break;
      default: // Paddalign, Nop
        arg--;
    }
    total += size;
  }
  return out;
}

/** string.packsize(fmt) */
export function packsize(args: LuaValue[]): number {
  const fname = 'packsize';
  const h = new Header(checkString(args, 0, fname), fname);
  let total = 0;
  while (h.more()) {
    const opt = h.next(total);
    if (opt === K.String || opt === K.Zstr) argError(1, fname, 'variable-length format');
    const size = h.size + h.ntoalign;
    if (total > MAXSIZE - size) argError(1, fname, 'format result too large');
    total += size;
  }
  return total;
}

/** string.unpack(fmt, s [, pos]): the values, then the position after them. */
export function unpack(args: LuaValue[]): LuaValue[] {
  const fname = 'unpack';
  const h = new Header(checkString(args, 0, fname), fname);
  const data = checkString(args, 1, fname);
  const ld = data.length;
  const init = optInt(args, 2, fname, 1);
  let pos = (init > 0 ? init : init === 0 || init < -ld ? 1 : ld + init + 1) - 1;
  if (pos > ld) argError(3, fname, 'initial position out of string');
  const out: LuaValue[] = [];
  while (h.more()) {
    const opt = h.next(pos);
    const size = h.size;
    if (h.ntoalign + size > ld - pos) argError(2, fname, 'data string too short');
    pos += h.ntoalign;
    switch (opt) {
      case K.Int: case K.Uint:
        out.push(unpackInt(data, pos, h.little, size, opt === K.Int));
        break;
      case K.Float: case K.Number: case K.Double:
        out.push(bytesFloat(data, pos, size, h.little));
        break;
      case K.Char:
        out.push(data.slice(pos, pos + size));
        break;
      case K.String: {
        const len = unpackInt(data, pos, h.little, size, false);
        if (!(len >= 0 && len <= ld - pos - size)) argError(2, fname, 'data string too short');
        out.push(data.slice(pos + size, pos + size + len));
        pos += len;
        break;
      }
      case K.Zstr: {
        const e = data.indexOf('\0', pos);
        if (e < 0) argError(2, fname, "unfinished string for format 'z'");
        out.push(data.slice(pos, e));
        pos = e + 1;
        break;
      }
      default: // Padding, Paddalign, Nop
        break;
    }
    pos += size;
  }
  out.push(pos + 1);
  return out;
}
