import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from '../helpers/action.js';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

// The bundled action, run exactly as the runner runs it: node dist/index.js with INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
function workspace(): string {
  const ws = testdir();
  cpSync(join(repoRoot, 'examples/weather'), join(ws, 'weather'), { recursive: true });
  return ws;
}

/** `::error file=…,line=…,title=…::message` workflow commands printed to stdout. */
function commands(stdout: string, kind: string): Array<{ props: Record<string, string>; message: string }> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${kind} `) || l.startsWith(`::${kind}::`))
    .map((l) => {
      const m = /^::\w+ ?(.*?)::(.*)$/.exec(l)!;
      // Workflow commands percent-encode %, CR, LF, ':' and ',' in properties (and %, CR, LF in the message).
      const decode = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
      const props = Object.fromEntries(
        m[1]!.split(',').filter(Boolean).map((kv) => {
          const [k, v] = kv.split('=') as [string, string];
          return [k, decode(v)];
        }),
      );
      return { props, message: decode(m[2]!) };
    });
}

describe('actions/validate-data (bundled)', () => {
  it('passes clean data: outputs, summary table, files written, exit 0', async () => {
    const ws = workspace();
    const run = await runBundledAction('validate-data', { data: 'weather/data/seattle-weather.csv', schema: 'weather/schema.json' }, {}, ws);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ valid: 'true', 'error-count': '0', report: '.mlci/validate/validation.json' });
    const report = JSON.parse(readFileSync(join(ws, '.mlci/validate/validation.json'), 'utf8'));
    expect(report).toMatchObject({ valid: true, errorCount: 0, files: [{ path: 'weather/data/seattle-weather.csv', rows: 1461, errors: [] }] });
    expect(run.summary).toContain('Data valid');
    expect(run.summary).toMatch(/\|\s*✅\s*\|\s*<code>temp_max<\/code>\s*\|\s*number\s*\|/);
    expect(JSON.parse(readFileSync(join(ws, '.mlci/validate/profile.json'), 'utf8'))).toBeTypeOf('object');
    expect(readFileSync(join(ws, '.mlci/validate/junit.xml'), 'utf8')).toContain('<testsuites');
  });

  it('annotates each defect of the feed at its file and line and fails with exit 1', async () => {
    const ws = workspace();
    const run = await runBundledAction('validate-data', { data: 'weather/data/*-feed.csv', schema: 'weather/schema.json' }, {}, ws);
    expect(run.code).toBe(1);
    const errors = commands(run.stdout, 'error').filter((e) => e.props.file);
    // The defects documented in examples/weather/README.md, with the physical line of each.
    const got = errors.map((e) => `${e.props.line}:${e.props.title}`);
    expect(got).toEqual([
      '38:mlci minimum: precipitation',
      '59:mlci required: temp_max',
      '122:mlci enum: weather',
      '151:mlci primaryKey: date',
      '205:mlci type: date',
      '252:mlci type: temp_min',
      '313:mlci row-length',
    ]);
    expect(errors.every((e) => e.props.file === 'weather/data/seattle-weather-feed.csv')).toBe(true);
    expect(run.outputs).toMatchObject({ valid: 'false', 'error-count': '7' });
    expect(run.stdout).toContain('::error::Data validation failed: 7 error(s)');
    expect(run.summary).toContain('Data invalid');
  });

  it('caps annotations at 10 per type and says how many more and where', async () => {
    const ws = workspace();
    const lines = readFileSync(join(ws, 'weather/data/seattle-weather.csv'), 'utf8').trimEnd().split('\n');
    // 25 rows with negative precipitation.
    const bad = lines.map((l, i) => (i > 0 && i <= 25 ? l.replace(/^([^,]+),[^,]+,/, '$1,-1,') : l));
    writeFileSync(join(ws, 'bad.csv'), bad.join('\n') + '\n');
    const run = await runBundledAction('validate-data', { data: 'bad.csv', schema: 'weather/schema.json', 'fail-on': 'never' }, {}, ws);
    expect(run.code).toBe(0);
    expect(commands(run.stdout, 'error')).toHaveLength(10);
    expect(run.stdout).toContain('15 more errors not shown as annotations (GitHub shows 10 per type per step): see .mlci/validate/validation.json');
    expect(JSON.parse(readFileSync(join(ws, '.mlci/validate/validation.json'), 'utf8')).errorCount).toBe(25);
    expect(run.outputs['error-count']).toBe('25');
  });

  it('fails with exit 2 and one line naming the input for bad inputs', async () => {
    const ws = workspace();
    const noSchema = await runBundledAction('validate-data', { data: 'weather/data/seattle-weather.csv' }, {}, ws);
    expect(noSchema.code).toBe(2);
    expect(noSchema.stdout).toContain("::error::with.schema: input 'schema' is required. Set it to the path of a Table Schema or datapackage.json");
    const badPolicy = await runBundledAction('validate-data', { data: 'x.csv', schema: 'weather/schema.json', 'fail-on': 'sometimes' }, {}, ws);
    expect(badPolicy.code).toBe(2);
    expect(badPolicy.stdout).toContain("::error::with.fail-on: input 'fail-on' is 'sometimes'. Use one of: error, warning, never");
    const missing = await runBundledAction('validate-data', { data: 'nope.csv', schema: 'weather/schema.json' }, {}, ws);
    expect(missing.code).toBe(2);
    expect(missing.stdout.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(1);
    expect(missing.stdout).toMatch(/::error::.*nope\.csv/);
    expect(missing.stdout + missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('validates on threads with its bundled worker: the same report, annotations and exit code as one thread', async () => {
    const ws = workspace();
    // The feed 30 times over: findings in every byte range, duplicates of the primary key across ranges.
    const feed = readFileSync(join(ws, 'weather/data/seattle-weather-feed.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(ws, 'big.csv'), [feed[0], ...Array.from({ length: 30 }, () => feed.slice(1)).flat()].join('\n') + '\n');
    const one = await runBundledAction('validate-data', { data: 'big.csv', schema: 'weather/schema.json', out: 'one', threads: '1' }, {}, ws);
    const three = await runBundledAction('validate-data', { data: 'big.csv', schema: 'weather/schema.json', out: 'three', threads: '3' }, {}, ws);
    expect(three.stderr).toBe('');
    expect([one.code, three.code]).toEqual([1, 1]);
    expect(three.stdout).toContain('Validating on 3 threads');
    expect(one.stdout).not.toContain('Validating on');
    expect(readFileSync(join(ws, 'three/validation.json'), 'utf8')).toBe(readFileSync(join(ws, 'one/validation.json'), 'utf8'));
    expect(readFileSync(join(ws, 'three/junit.xml'), 'utf8')).toBe(readFileSync(join(ws, 'one/junit.xml'), 'utf8'));
    expect(commands(three.stdout, 'error')).toEqual(commands(one.stdout, 'error').map((e) => ({ ...e, message: e.message.replaceAll('one/', 'three/') })));
    const bad = await runBundledAction('validate-data', { data: 'big.csv', schema: 'weather/schema.json', threads: 'many' }, {}, ws);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("with.threads: 'many' is not a number of threads");
  });
});
