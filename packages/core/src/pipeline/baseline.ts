import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BaselineProvider } from '../ports.js';

/**
 * A baseline kept in a local folder (the `artifact` folder of an earlier `mlci run`, e.g. on main). Files are copied
 * into destDir so the run reads a stable copy even when the folder is the run's own output.
 */
export function directoryBaseline(dir: string, description = dir): BaselineProvider {
  return {
    async fetch({ files, destDir }) {
      if (!existsSync(dir)) return { source: { kind: 'none', description: `${description} does not exist` }, files: [] };
      await mkdir(destDir, { recursive: true });
      const found: string[] = [];
      for (const name of files) {
        const from = join(dir, basename(name));
        if (!existsSync(from)) continue;
        const to = join(destDir, basename(name));
        await copyFile(from, to);
        found.push(to);
      }
      return found.length
        ? { source: { kind: 'file', description }, files: found }
        : { source: { kind: 'none', description: `${description} holds none of ${files.join(', ')}` }, files: [] };
    },
  };
}
