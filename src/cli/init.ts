// `wippy init`: write wippy.lock with the source and modules folders.

import { existsSync, writeFileSync } from 'node:fs';

export function initProject(dir: string, src: string): number {
  const path = `${dir}/wippy.lock`;
  if (existsSync(path)) {
    process.stdout.write('wippy.lock already exists\n');
    return 0;
  }
  writeFileSync(path, `directories:\n  modules: .wippy\n  src: ${src}\n`);
  process.stdout.write('created wippy.lock\n');
  return 0;
}
