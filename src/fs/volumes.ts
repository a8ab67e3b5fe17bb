// The volumes of one runtime, by entry id, made on first use from the entry's current data
// (placeholders resolved) and made again when that data changes: a registry change of
// `directory` or `mode` reaches FS objects Lua already holds at their next call, because an
// FS object keeps the entry id, not the volume.

import { mkdirSync } from 'node:fs';
import type { Runtime } from '../system/runtime.js';
import { resolvePlaceholders, type EnvLookup } from '../system/placeholders.js';
import { KIND } from '../modules/errors.js';
import { FS_KINDS, volumeSettings } from '../kinds/fs.js';
import { FsError } from './errors.js';
import { DirectoryVolume } from './volume.js';

export class VolumeManager {
  private open = new Map<string, { key: string; volume: DirectoryVolume }>();

  constructor(private rt: Runtime) {}

  get(id: string): DirectoryVolume {
    const entry = this.rt.entries.get(id);
    if (entry === undefined) throw new FsError(KIND.NOT_FOUND, `volume '${id}' not found`);
    if (!FS_KINDS.has(entry.kind)) throw new FsError(KIND.INVALID, `entry '${id}' is a ${entry.kind}, not a file system`);
    if (entry.kind === 'fs.embed') {
      throw new FsError(KIND.UNAVAILABLE, `volume '${id}': fs.embed reads resources packed into a module, which this runtime does not load`);
    }
    let data: Record<string, unknown>;
    try {
      data = resolvePlaceholders(entry.data, this.rt.env as EnvLookup | undefined, '');
    } catch (e) {
      throw new FsError(KIND.INVALID, `${id}: ${(e as Error).message}`);
    }
    const key = JSON.stringify(data);
    const cur = this.open.get(id);
    if (cur !== undefined && cur.key === key) return cur.volume;
    const s = volumeSettings(id, data, this.rt.root ?? process.cwd());
    if (typeof s === 'string') throw new FsError(KIND.INVALID, s);
    if (s.autoInit) {
      try {
        mkdirSync(s.root, { recursive: true, mode: s.mode.dirMode });
      } catch (e) {
        throw new FsError(KIND.INTERNAL, `volume '${id}': cannot create ${s.root}: ${(e as Error).message}`);
      }
    }
    const volume = new DirectoryVolume(id, s.root, s.mode);
    this.open.set(id, { key, volume });
    return volume;
  }

  /** Create the roots of every `auto_init` volume (at boot), so they exist before first use. */
  initAll(): string[] {
    const problems: string[] = [];
    for (const e of this.rt.entries.all()) {
      if (e.kind !== 'fs.directory' || e.data.auto_init !== true) continue;
      try {
        this.get(e.id);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    return problems;
  }
}

const managers = new WeakMap<Runtime, VolumeManager>();

export function volumes(rt: Runtime): VolumeManager {
  let m = managers.get(rt);
  if (m === undefined) {
    m = new VolumeManager(rt);
    managers.set(rt, m);
  }
  return m;
}
