import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ValidateDataInputs, ValidateDataOutputs } from '@mlci/github';
import { runBundledAction } from '../helpers/action.js';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

function workspace(): string {
  const ws = testdir();
  cpSync(join(repoRoot, 'examples/weather'), join(ws, 'weather'), { recursive: true });
  return ws;
}

const annotations = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error ') || l.startsWith('::warning '));

describe('actions/validate-data (bundled): shards and drift', () => {
  it('action.yml is valid YAML and declares, with a description, every input and output the code uses', () => {
    const action = parse(readFileSync(join(repoRoot, 'actions/validate-data/action.yml'), 'utf8'), { strict: true }) as { inputs: Record<string, { description?: string }>; outputs: Record<string, { description?: string }> };
    for (const name of Object.values(ValidateDataInputs)) expect(action.inputs[name]?.description, name).toBeTruthy();
    for (const name of Object.values(ValidateDataOutputs)) expect(action.outputs[name]?.description, name).toBeTruthy();
  });

  it('matrix shards, then a merge job, give the unsharded outputs, annotations and files', async () => {
    const ws = workspace();
    const inputs = { data: 'weather/data/*-feed.csv', schema: 'weather/schema.json' };
    const whole = await runBundledAction('validate-data', { ...inputs, out: 'whole' }, {}, ws);
    expect(whole.code).toBe(1);
    for (const i of [1, 2, 3]) {
      const shard = await runBundledAction('validate-data', { ...inputs, shard: `${i}/3`, out: `shards/shard-${i}` }, {}, ws);
      expect([shard.code, shard.stderr]).toEqual([0, '']);
      expect(shard.outputs['shard-state']).toBe(`shards/shard-${i}/shard.json`);
      expect(shard.summary).toContain(`shard ${i}/3`);
    }
    const merged = await runBundledAction('validate-data', { schema: 'weather/schema.json', merge: 'shards/shard-*', out: 'merged' }, {}, ws);
    expect(merged.code).toBe(1);
    expect(merged.outputs['error-count']).toBe(whole.outputs['error-count']);
    expect(annotations(merged.stdout)).toEqual(annotations(whole.stdout).map((l) => l.replace(/whole\//g, 'merged/')));
    expect(readFileSync(join(ws, 'merged/validation.json'), 'utf8')).toBe(readFileSync(join(ws, 'whole/validation.json'), 'utf8'));
    const missing = await runBundledAction('validate-data', { schema: 'weather/schema.json', merge: 'shards/shard-1,shards/shard-3', out: 'm2' }, {}, ws);
    expect(missing.code).toBe(2);
    expect(missing.stdout + missing.stderr).toContain('shard 2/3 missing');
  });

  it('adds a drift section against a reference profile; fail-on-drift fails a drifted dataset', async () => {
    const ws = workspace();
    const clean = readFileSync(join(ws, 'weather/data/seattle-weather.csv'), 'utf8').trimEnd().split('\n');
    const header = clean[0]!.split(',');
    const shift: Record<number, number> = { [header.indexOf('temp_max')]: 12, [header.indexOf('temp_min')]: 12, [header.indexOf('wind')]: 5 };
    // temp_max, temp_min and wind shifted far: 3 of the 5 tested columns (date is an identifier-like datetime), over the default share 0.5.
    const warmer = [clean[0], ...clean.slice(1).map((l) => l.split(',').map((c, i) => (shift[i] !== undefined ? (Number(c) + shift[i]!).toFixed(1) : c)).join(','))].join('\n') + '\n';
    writeFileSync(join(ws, 'warmer.csv'), warmer);
    const main = await runBundledAction('validate-data', { data: 'weather/data/seattle-weather.csv', schema: 'weather/schema.json', out: 'main' }, {}, ws);
    expect(main.code).toBe(0);
    const same = await runBundledAction('validate-data', { data: 'weather/data/seattle-weather.csv', schema: 'weather/schema.json', 'reference-profile': 'main/profile.json', out: 'same' }, {}, ws);
    expect(same.code).toBe(0);
    expect(same.outputs).toMatchObject({ drifted: 'false', 'drift-share': '0', 'drift-report': 'same/drift.json', 'baseline-source': 'main/profile.json' });
    expect(same.summary).toMatch(/drift/i);
    const shifted = await runBundledAction('validate-data', { data: 'warmer.csv', schema: 'weather/schema.json', 'reference-profile': 'main/profile.json', out: 'w', 'fail-on-drift': 'true' }, {}, ws);
    const drift = JSON.parse(readFileSync(join(ws, 'w/drift.json'), 'utf8'));
    expect(drift.columns.temp_max.drifted).toBe(true);
    expect(drift.columns.precipitation.drifted).toBe(false);
    expect(drift.columns.temp_min.drifted).toBe(true);
    expect(drift.columns.wind.drifted).toBe(true);
    expect(drift.drifted).toBe(true);
    expect(shifted.summary).toContain('temp_max');
    expect(shifted.outputs.drifted).toBe('true');
    expect(shifted.code).toBe(1);
    expect(shifted.stdout).toContain('::error::Data drift:');
    const bad = await runBundledAction('validate-data', { data: 'warmer.csv', schema: 'weather/schema.json', 'reference-profile': 'nope.json' }, {}, ws);
    expect(bad.code).toBe(2);
  });
});
