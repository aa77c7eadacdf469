import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

// The gate reads what the other steps really write: validation.json from `mlci validate` and comparison.json from
// `mlci compare`, in the same mlci.yml that holds the metric rules and the environment policy.
const config = `
metrics:
  accuracy: { direction: higher, min: 0.8 }
environments:
  staging:
    require: { validation: true, comparison: true }
`;

function workspace(current: Record<string, number>, csv = readFileSync(join(repoRoot, 'examples/weather/data/seattle-weather.csv'), 'utf8')) {
  return testdir({
    'mlci.yml': config,
    'schema.json': readFileSync(join(repoRoot, 'examples/weather/schema.json'), 'utf8'),
    'data.csv': csv,
    'baseline.json': JSON.stringify({ accuracy: 0.85 }),
    'current.json': JSON.stringify(current),
  });
}

async function pipeline(dir: string) {
  await runCli(['validate', 'data.csv', '--schema', 'schema.json', '--out', 'v', '--fail-on', 'never'], { cwd: dir });
  await runCli(['compare', '--current', 'current.json', '--baseline', 'baseline.json', '--out', 'c'], { cwd: dir });
  return runCli(['gate', '--environment', 'staging', '--validation', 'v/validation.json', '--comparison', 'c/comparison.json'], { cwd: dir });
}

describe('gate on real validate and compare output', () => {
  it('passes clean data and a metric above its minimum', async () => {
    const dir = workspace({ accuracy: 0.86 });
    const r = await pipeline(dir);
    expect(r.stdout).toContain('gate staging: PASS');
    expect(r.code).toBe(0);
    const gate = JSON.parse(readFileSync(join(dir, 'mlci-gate/gate.json'), 'utf8'));
    expect(gate.evidence.metrics).toEqual({ accuracy: 0.86 });
  });

  it('fails on a violated metric rule and on invalid data, naming each', async () => {
    const bad = 'date,precipitation,temp_max,temp_min,wind,weather\n2012-01-01,-5,12.8,5,4.7,drizzle\n';
    const dir = workspace({ accuracy: 0.7 }, bad);
    const r = await pipeline(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rule-violated: accuracy: .*0\.7.*below the minimum 0\.8/);
    expect(r.stdout).toMatch(/validation-failed: data is not valid: \d+ error\(s\)/);
  });
});
