import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testdir } from '../helpers/tmp.js';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { releasesBucket } from '../fake-github/routes/releases.js';
import { runBundledAction } from '../gate/run-action.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

describe('actions/publish-model (bundled)', () => {
  it('publishes once with outputs and the card in the summary; a second run of the same version fails in one line', async () => {
    gh = await startFakeGitHub();
    const ws = testdir({
      'models/model.onnx': Buffer.alloc(2_000_000, 1),
      'eval/metrics.json': JSON.stringify({ rmse: 3.2, intervals: { rmse: { low: 3.0, high: 3.5 } }, bootstrap: { resamples: 500, seed: 3 } }),
      'gate/gate.json': JSON.stringify({ environment: 'staging', decision: 'pass', reasons: [], checks: [], decidedAt: '2026-01-01T00:00:00Z', evidence: { model: {}, run: { id: '1' } } }),
    });
    const env = { GITHUB_REPOSITORY: 'acme/weather', GITHUB_API_URL: gh.url, GITHUB_SHA: '1'.repeat(40), GITHUB_RUN_ID: '8', MLCI_GITHUB_THROTTLE: 'off' };
    const inputs = { model: 'models/model.onnx', version: '0.3.0', metrics: 'eval/metrics.json', gate: 'gate/gate.json', 'intended-use': 'Forecast rain', token: 'ghs_pub', 'tag-pattern': 'weather/v{version}' };
    const r = await runBundledAction('publish-model', inputs, env, ws);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs).toMatchObject({ tag: 'weather/v0.3.0', 'release-url': expect.stringContaining('/acme/weather/releases/tag/weather%2Fv0.3.0'), 'model-card': join(ws, 'mlci-model/MODEL_CARD.md') });
    expect(r.outputs['model-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(r.summary).toContain('# weather 0.3.0');
    expect(r.summary).toContain('| rmse | 3.2 | 3 – 3.5 |');
    const [rel] = releasesBucket(gh);
    expect(rel!.assets.find((a) => a.name === 'model.onnx')!.size).toBe(statSync(join(ws, 'models/model.onnx')).size);
    expect(readFileSync(join(ws, 'mlci-model/model.json'), 'utf8')).toContain('"tag": "weather/v0.3.0"');

    const again = await runBundledAction('publish-model', inputs, env, ws);
    expect(again.code).toBe(2);
    expect(again.stdout).toContain('::error::with.version: model version 0.3.0 is already published as weather/v0.3.0');
    expect(releasesBucket(gh)).toHaveLength(1);
  });
});
