import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

/** scripts/docs.mjs reads the built packages (npm test builds first). */
function docs(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repoRoot, 'scripts/docs.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
}

describe('docs/reference is generated from its sources', () => {
  it('is in sync: `node scripts/docs.mjs --check` passes (regenerate with `npm run build && node scripts/docs.mjs`)', () => {
    const r = docs(['--check']);
    expect(r.stderr.replace(/^docs: warning: .*\n/gm, '')).toBe('');
    expect(r.status).toBe(0);
  });

  it('--check fails on drift and names the stale file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-docs-'));
    cpSync(join(repoRoot, 'docs/reference'), dir, { recursive: true });
    writeFileSync(join(dir, 'config.md'), readFileSync(join(dir, 'config.md'), 'utf8').replace('| `data.files` |', '| `data.file` |'));
    const r = docs(['--check'], { MLCI_DOCS_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('docs/reference/config.md out of date');
    expect(r.stderr).not.toContain('cli.md');
  });

  it('documents every input and output of the root action and every pipeline key of mlci.yml', () => {
    const actions = readFileSync(join(repoRoot, 'docs/reference/actions.md'), 'utf8');
    const root = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: object; outputs: object };
    const section = actions.slice(actions.indexOf('## mlci\n'), actions.indexOf('\n## ', actions.indexOf('## mlci\n') + 1));
    for (const name of [...Object.keys(root.inputs), ...Object.keys(root.outputs)]) expect(section).toContain(`| \`${name}\` |`);
    const config = readFileSync(join(repoRoot, 'docs/reference/config.md'), 'utf8');
    for (const key of ['data.files', 'data.schema', 'data.reference', 'train.command', 'evaluate.target', 'evaluate.slice_by', 'report.name', 'gate.environment', 'drift.share', 'metrics.<name>.max_regression']) expect(config).toContain(`| \`${key}\` |`);
    const cli = readFileSync(join(repoRoot, 'docs/reference/cli.md'), 'utf8');
    for (const c of ['run', 'init', 'validate', 'compare', 'gate']) expect(cli).toContain(`## mlci ${c}\n`);
  });

  it('every action.yml is valid YAML (GitHub refuses to load the action otherwise)', () => {
    const files = ['action.yml', ...readdirSync(join(repoRoot, 'actions')).map((d) => `actions/${d}/action.yml`).filter((f) => { try { readFileSync(join(repoRoot, f)); return true; } catch { return false; } })];
    const bad = files.filter((f) => { try { parse(readFileSync(join(repoRoot, f), 'utf8')); return false; } catch { return true; } });
    expect(bad).toEqual([]);
  });
});
