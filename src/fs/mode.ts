// The `mode` of an fs.directory entry (services spec §5.1): an octal permission string,
// default 0755, that restricts what the volume allows. Execute bits are added wherever read
// bits are set, so a readable directory can also be listed and entered.
//
// How the bits restrict operations here: the owner's read bit allows reads (readfile, open
// for reading, stat, readdir, exists), the owner's write bit allows changes (writefile,
// open for writing, mkdir, remove). New directories get the mode, new files the mode
// without execute bits (both then narrowed by the process umask, as the OS does).

export interface VolumeMode {
  bits: number;
  canRead: boolean;
  canWrite: boolean;
  dirMode: number;
  fileMode: number;
}

/** Parse a mode given as "0755", "755", "0o755" or a number (our YAML reads 0755 as 493). */
export function parseMode(v: unknown): VolumeMode | string {
  let bits: number;
  if (v === undefined || v === null || v === '') bits = 0o755;
  else if (typeof v === 'string' && /^(0o?)?[0-7]{1,4}$/i.test(v.trim())) bits = parseInt(v.trim().replace(/^0o/i, ''), 8);
  else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    // our YAML reads 0755 as octal (493); 755 written without the zero arrives as decimal
    // 755, which is no permission mode: read its digits as octal
    bits = v > 0o777 && /^[0-7]{3,4}$/.test(String(v)) ? parseInt(String(v), 8) : v;
  } else return `mode ${JSON.stringify(v)} is not an octal permission mode (e.g. "0755")`;
  if (bits > 0o7777) return `mode ${JSON.stringify(v)} is not an octal permission mode (e.g. "0755")`;
  bits &= 0o777;
  // read implies execute, for owner, group and others alike
  bits |= (bits & 0o444) >> 2;
  return { bits, canRead: (bits & 0o400) !== 0, canWrite: (bits & 0o200) !== 0, dirMode: bits, fileMode: bits & 0o666 };
}
