import { isAbsolute, relative, sep } from 'node:path';

/** How findings name a file: relative to `cwd` with forward slashes when inside it, else the absolute path. */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}
