import { spawnSync } from 'node:child_process';

/**
 * Debian's python3 with pandas/scikit-learn/scipy, used only to compute reference values in tests.
 * Returns undefined when it is not installed; tests that need it skip with a reason.
 */
export function referencePython(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(candidate, ['-c', 'import pandas, sklearn, scipy'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/** Runs a Python snippet and parses the JSON it prints on stdout. */
export function runPythonJson<T = unknown>(python: string, code: string, input?: string): T {
  const r = spawnSync(python, ['-c', code], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
