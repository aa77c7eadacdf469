import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, renderPipelineMarkdown, runPipeline, type PipelineResult, type ReportSink } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';

const SCHEMA = JSON.stringify({ fields: [{ name: 'id', type: 'integer' }, { name: 'y', type: 'number', constraints: { minimum: 0 } }] });

type Extra = Partial<Parameters<typeof runPipeline>[0]>;

async function run(files: Record<string, string>, config: unknown, extra: (dir: string) => Extra = () => ({})) {
  const dir = testdir(files);
  const result = await runPipeline({ config: configSchema.parse(config), baseDir: dir, outDir: join(dir, '.mlci'), ...extra(dir) });
  return { dir, result, status: Object.fromEntries(result.stages.map((s) => [s.stage, s.status])), summary: Object.fromEntries(result.stages.map((s) => [s.stage, s.summary])) };
}

describe('runPipeline: which stages still run after a failure', () => {
  it('invalid data: training and evaluation are skipped, the report and the gate still run and say why', async () => {
    const trainMarker = 'trained.txt';
    const { status, summary, result, dir } = await run(
      { 'd.csv': 'id,y\n1,2\n2,-5\n', 's.json': SCHEMA, 'm.json': '{"accuracy": 0.9}' },
      {
        data: { files: 'd.csv', schema: 's.json' },
        train: { command: `echo ran > ${trainMarker}`, metrics: 'm.json' },
        environments: { production: { require: { validation: true } } },
        gate: { environment: 'production' },
      },
    );
    expect(status).toEqual({ validate: 'failed', drift: 'skipped', train: 'skipped', evaluate: 'skipped', compare: 'skipped', report: 'passed', gate: 'failed' });
    // Row 3 of d.csv (y = -5) breaks minimum 0: one error.
    expect(summary.validate).toBe('invalid: 1 error, 0 warnings in 1 file');
    expect(summary.train).toBe('skipped: data validation failed');
    expect(() => readFileSync(join(dir, trainMarker))).toThrow();
    expect(result.passed).toBe(false);
    expect(result.report!.markdown).toMatch(/validation/i);
    const gate = JSON.parse(readFileSync(join(dir, '.mlci/gate/gate.json'), 'utf8')) as { reasons: Array<{ code: string }> };
    expect(gate.reasons.map((r) => r.code)).toContain('validation-failed');
  });

  it('a failing training command: evaluate is skipped, the run fails with the exit code and last line', async () => {
    const { status, summary, result } = await run(
      { 'm.onnx': 'not a model', 'd.csv': 'y\n1\n' },
      { train: { command: 'echo "out of memory" >&2; exit 3' }, evaluate: { model: 'm.onnx', data: 'd.csv', target: 'y' } },
    );
    expect(status.train).toBe('failed');
    expect(summary.train).toBe('training command exited with 3: out of memory');
    expect(status.evaluate).toBe('skipped');
    expect(summary.evaluate).toBe('skipped: training failed');
    expect(status.report).toBe('skipped');
    expect(result.passed).toBe(false);
  });

  it('training metrics are compared when there is no evaluate stage; the report goes to the sink under the given key', async () => {
    const published: Array<{ key: string; title: string }> = [];
    const sink: ReportSink = { publish: async (r) => (published.push({ key: r.key, title: r.title }), { posted: true, url: 'https://example.test/c/1' }) };
    const { status, result } = await run(
      { 'base/m.json': '{"accuracy": 0.8}' },
      { train: { command: 'echo \'{"accuracy": 0.7}\' > m.json', metrics: 'm.json' }, metrics: { accuracy: { max_regression: 0.05 } }, report: { name: 'r', title: 'My model' } },
      (dir) => ({
        reportKey: 'CI/r',
        ports: {
          report: sink,
          baseline: { fetch: async () => ({ source: { kind: 'file', description: 'base' }, files: [join(dir, 'base/m.json')] }) },
        },
      }),
    );
    expect(status.compare).toBe('failed');
    expect(published).toEqual([{ key: 'CI/r', title: 'My model' }]);
    expect(result.stages.find((s) => s.stage === 'report')!.outputs).toMatchObject({ posted: 'true', 'comment-url': 'https://example.test/c/1', 'report-outcome': 'failed' });
    // 0.8 → 0.7 is a drop of 0.1 > 0.05.
    expect(result.stages.find((s) => s.stage === 'compare')!.outputs).toMatchObject({ passed: 'false', regressed: '1', violations: '1', 'baseline-found': 'true' });
  });
});

describe('runPipeline: drift', () => {
  it('compares the validated data with data.reference (globs) and fails the stage on dataset drift when drift.fail is set', async () => {
    const rows = (from: number) => 'id,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${from + i}`).join('\n') + '\n';
    const { status, summary, result } = await run(
      { 'ref-1.csv': rows(0), 'ref-2.csv': rows(5), 'cur.csv': rows(100), 's.json': SCHEMA },
      { data: { files: 'cur.csv', schema: 's.json', reference: 'ref-*.csv' }, drift: { fail: true, ignore: ['id'] } },
    );
    expect(status.validate).toBe('passed');
    expect(status.drift).toBe('failed');
    // y: 100..129 against 0..34 — no overlap, so any test flags it; 1 of 1 tested columns.
    expect(summary.drift).toBe('dataset drift: 1 of 1 columns drifted (reference: ref-*.csv)');
    expect(result.stages.find((s) => s.stage === 'drift')!.outputs).toMatchObject({ 'drift-detected': 'true', 'drifted-columns': 'y', 'drift-share': '1' });
    expect(status.report).toBe('passed');
    expect(result.report!.markdown).toMatch(/[Dd]rift/);
  });
});

describe('renderPipelineMarkdown', () => {
  it('escapes untrusted stage summaries in the table (pipes, HTML, mentions)', () => {
    const result: PipelineResult = {
      stages: [{ stage: 'drift', status: 'failed', summary: 'dataset drift: col|<b>x</b> @team', outputs: {}, files: {}, durationMs: 1200 }],
      passed: false,
      artifactDir: '/tmp/a',
      durationMs: 1200,
    };
    const md = renderPipelineMarkdown(result, ['a notice']);
    expect(md).toContain('## ❌ mlci pipeline: drift failed');
    const row = md.split('\n').find((l) => l.includes('| drift |'))!;
    expect(row).toContain('col\\|&lt;b&gt;x&lt;/b&gt; @&#8203;team');
    expect(row).toContain('| 1.2 s |');
    expect(md).toContain('> [!NOTE]\n> a notice');
  });
});

const worker = join(import.meta.dirname, '../../packages/cli/dist/validate-worker.js');

describe.skipIf(!existsSync(worker))('runPipeline: the validate stage on threads', () => {
  it('writes the validation.json one thread writes', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i % 4000},${i % 97 === 0 ? -1 : i / 7}`);
    const files = { 'd.csv': `id,y\n${rows.join('\n')}\n`, 's.json': JSON.stringify({ fields: [{ name: 'id', type: 'integer', constraints: { unique: true } }, { name: 'y', type: 'number', constraints: { minimum: 0 } }] }) };
    const config = { data: { files: 'd.csv', schema: 's.json' } };
    const one = await run(files, config);
    const two = await run(files, config, () => ({ validationThreads: { workerUrl: pathToFileURL(worker), cores: 2, load1: 0, minBytes: 0 } }));
    expect(two.summary.validate).toBe(one.summary.validate);
    expect(one.summary.validate).toMatch(/^invalid: \d+ errors/);
    expect(readFileSync(join(two.dir, '.mlci/validate/validation.json'), 'utf8')).toBe(readFileSync(join(one.dir, '.mlci/validate/validation.json'), 'utf8'));
  });
});
