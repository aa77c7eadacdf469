import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** sha256 of a file, streamed (memory stays flat for multi-gigabyte data). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(path: string): Promise<string[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries.filter((e) => e.name !== '.git').map((e) => listFiles(join(path, e.name))));
  return nested.flat();
}

/** Paths relative to `cwd` with forward slashes, so records compare across machines. */
export function portablePath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Hashes every file under the given paths (directories are walked, sorted). Returns relative path → sha256;
 * missing paths are listed separately.
 */
export async function hashPaths(cwd: string, paths: string[]): Promise<{ hashes: Record<string, string>; missing: string[] }> {
  const hashes: Record<string, string> = {};
  const missing: string[] = [];
  for (const p of paths) {
    let files: string[];
    try {
      files = await listFiles(resolve(cwd, p));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        missing.push(p);
        continue;
      }
      throw err;
    }
    for (const f of files.sort()) hashes[portablePath(cwd, f)] = await sha256File(f);
  }
  return { hashes: Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), missing };
}
