// multipart/form-data parsing for `req:parse_multipart()`: the body is already in memory,
// so parts are slices of it. `form.values[field]` is a string; `form.files[field]` an array
// of File objects (name, size, header, stream, read).

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { makeLib } from '../lua/lib/args.js';
import { streamValue } from './stream.js';

interface FilePart {
  filename: string;
  headers: Map<string, string>;
  data: Buffer;
}

const fileMeta = new LuaTable();
fileMeta.setStr('__name', 'http.File');
fileMeta.setStr('__index', makeLib({
  name: (self: LuaValue) => ((self as Userdata).data as FilePart).filename,
  size: (self: LuaValue) => ((self as Userdata).data as FilePart).data.length,
  header: (self: LuaValue, key: LuaValue) => ((self as Userdata).data as FilePart).headers.get(String(key).toLowerCase()),
  stream: (self: LuaValue) => streamValue(((self as Userdata).data as FilePart).data),
  read: (self: LuaValue) => ((self as Userdata).data as FilePart).data.toString('latin1'),
}));

export function parseMultipart(contentType: string | undefined, body: Buffer): { form: LuaTable } | { error: string } {
  const m = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (m === null) return { error: 'request is not multipart/form-data' };
  const boundary = Buffer.from('--' + (m[1] ?? m[2]), 'latin1');
  const values = new LuaTable();
  const files = new LuaTable();
  let pos = body.indexOf(boundary);
  if (pos < 0) return { error: 'malformed multipart body: boundary not found' };
  for (;;) {
    pos += boundary.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') break; // closing boundary
    pos += 2; // CRLF after the boundary
    const headEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    if (headEnd < 0) return { error: 'malformed multipart body: part headers not terminated' };
    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headEnd).toString('latin1').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    const next = body.indexOf(boundary, headEnd + 4);
    if (next < 0) return { error: 'malformed multipart body: closing boundary not found' };
    const data = body.subarray(headEnd + 4, next - 2); // the part ends with CRLF before the boundary
    const disp = headers.get('content-disposition') ?? '';
    const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) {
        let list = files.get(name) as LuaTable | undefined;
        if (list === undefined) files.setStr(name, (list = new LuaTable()));
        list.set(list.length() + 1, new Userdata({ filename, headers, data } satisfies FilePart, fileMeta));
      } else {
        values.setStr(name, data.toString('latin1'));
      }
    }
    pos = next;
  }
  const form = new LuaTable();
  form.setStr('values', values);
  form.setStr('files', files);
  return { form };
}
