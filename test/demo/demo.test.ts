import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// `npm run demo` is what a newcomer runs first: it must work end to end and tell the story it promises.
describe.skipIf(!existsSync(join(repoRoot, 'packages/cli/dist/bin.js')))('npm run demo (needs npm run build)', () => {
  it('validates, trains, scores, skips unchanged training, reports the degraded change and fails its gate, in under 30 s', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, ['examples/demo.mjs'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const seconds = (Date.now() - started) / 1000;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain('seattle-weather-feed.csv:38: precipitation');
    expect(out).toMatch(/PASS train\s+skipped: inputs, parameters and command unchanged/);
    expect(out).toMatch(/^id,prediction/m);
    expect(out).toContain('### ❌ mlci: penguins');
    expect(out).toMatch(/Gate for production: FAIL\n\s+- rule-violated: f1_macro/);
    expect(out).toMatch(/Demo finished in [\d.]+ s: every step exited as expected/);
    // Issue 8: under 30 s on this machine (a loaded CI machine gets some slack).
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
