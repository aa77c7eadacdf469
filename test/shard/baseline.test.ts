import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';
import { runBundledAction as runPlain } from '../helpers/action.js';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { pullRequestEvent, runBundledAction } from '../report/run-action.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

function workspace(): string {
  const ws = testdir();
  cpSync(join(repoRoot, 'examples/weather'), join(ws, 'weather'), { recursive: true });
  const clean = readFileSync(join(ws, 'weather/data/seattle-weather.csv'), 'utf8').trimEnd().split('\n');
  const header = clean[0]!.split(',');
  const shift: Record<number, number> = { [header.indexOf('temp_max')]: 12, [header.indexOf('temp_min')]: 12, [header.indexOf('wind')]: 5 };
  writeFileSync(join(ws, 'warmer.csv'), [clean[0], ...clean.slice(1).map((l) => l.split(',').map((c, i) => (shift[i] !== undefined ? (Number(c) + shift[i]!).toFixed(1) : c)).join(','))].join('\n') + '\n');
  return ws;
}

async function validate(ws: string) {
  return runBundledAction('validate-data', {
    apiUrl: gh!.url,
    workspace: ws,
    event: pullRequestEvent(7),
    inputs: { data: 'warmer.csv', schema: 'weather/schema.json', baseline: 'auto', 'github-token': 'ghs_t' },
    env: { MLCI_GITHUB_THROTTLE: 'off' },
  });
}

describe('actions/validate-data baseline: auto (bundled, fake GitHub API)', () => {
  it("tests drift against the profile artifact of main's last successful run", async () => {
    const ws = workspace();
    // main's profile, as main's run of this action wrote it.
    const main = await runPlain('validate-data', { data: 'weather/data/seattle-weather.csv', schema: 'weather/schema.json', out: 'main' }, {}, ws);
    expect(main.code).toBe(0);
    gh = await startFakeGitHub();
    const run = gh.state.addRun({ owner: 'acme', repo: 'model', head_sha: '1'.repeat(40) });
    gh.state.addArtifact({ owner: 'acme', repo: 'model', run_id: run.id, name: 'mlci-profile', files: { 'profile.json': readFileSync(join(ws, 'main/profile.json'), 'utf8') } });
    const r = await validate(ws);
    expect(r.code).toBe(0); // fail-on-drift is off: reported, not failing
    expect(r.outputs).toMatchObject({ drifted: 'true', 'baseline-source': 'latest successful run of ci.yml on main', 'drift-report': '.mlci/validate/drift.json' });
    expect(Number(r.outputs['drift-share'])).toBeCloseTo(3 / 5, 12);
    expect(r.summary).toContain('temp_max');
    expect(gh.calls('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs')).toHaveLength(1);
  });

  it('says there is no reference yet when main has no profile artifact', async () => {
    const ws = workspace();
    gh = await startFakeGitHub();
    const r = await validate(ws);
    expect(r.code).toBe(0);
    expect(r.outputs.drifted).toBe('false');
    expect(r.outputs['drift-share']).toBeUndefined();
    expect(r.summary).toContain('No reference profile yet');
  });
});
