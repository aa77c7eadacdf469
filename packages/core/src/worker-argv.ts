/**
 * Node flags for mlci's worker threads: the parent's, less any custom export condition. Worker entries are compiled
 * JavaScript and must resolve packages to their built files even when this process runs TypeScript sources (the test
 * suite runs with `--conditions source`).
 */
export function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conditions' || a === '-C') i++;
    else if (!a.startsWith('--conditions=') && !a.startsWith('-C=')) out.push(a);
  }
  return out;
}
