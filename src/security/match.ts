// Pattern matching for policy `actions` and `resources`: `*` alone matches anything, and a
// `*` inside a pattern matches any run of characters (`*.read`, `app.tools:*`, `PUBLIC_*`,
// `https://*`). Everything else is literal, so a `.` in an action name is just a dot.

const cache = new Map<string, RegExp>();

export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === value;
  let re = cache.get(pattern);
  if (re === undefined) {
    const body = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 's');
    if (cache.size > 4096) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(value);
}

export function anyMatch(patterns: readonly string[], value: string): boolean {
  for (const p of patterns) if (globMatch(p, value)) return true;
  return false;
}
