// The templates-page example app, run as a user would (`wippy run` in its folder) on a free
// port: the page renders from its layout, page and imported blocks, and the search word a
// visitor types comes back HTML-escaped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

test('examples/templates-page serves the shelf page, filtered and escaped', async () => {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin/wippy.js'), 'run', '--no-watch'], {
    cwd: join(process.cwd(), 'examples', 'templates-page'), env: { ...process.env, HTTP_ADDR: '127.0.0.1:0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 15000);
      const onData = (d: Buffer) => {
        out += d;
        const m = /"port":(\d+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const page = await (await fetch(`http://127.0.0.1:${port}/?q=pira`)).text();
    assert.equal(page, [
      '<!DOCTYPE html>', '<html>', '<head><title>Book Shelf: 1 books</title></head>', '<body>',
      '<h1>Book Shelf</h1>', '<p>Search: pira</p>', '<ul>',
      '  <li class="new">Piranesi by Susanna Clarke (2020)</li>', '</ul>', '</body>', '</html>', '',
    ].join('\n'));
    const xss = await (await fetch(`http://127.0.0.1:${port}/?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)).text();
    assert.match(xss, /<p>Search: &lt;img src=x onerror=alert\(1\)&gt;<\/p>\n<ul>\n {2}<li>No books match.<\/li>/);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
});
