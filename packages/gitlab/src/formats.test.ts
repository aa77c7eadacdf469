import { describe, expect, it } from 'vitest';
import { collectSamples, toOpenMetrics } from './openmetrics.js';
import { dotenvKey, dotenvValue, pickPath, scalarFields, toDotenv } from './dotenv.js';
import { readGitLabContext } from './context.js';

describe('OpenMetrics for artifacts:reports:metrics', () => {
  it('names nested numeric leaves, labels array elements by their string fields, and ends with # EOF', () => {
    const text = toOpenMetrics(
      collectSamples({
        task: 'classification',
        metrics: { accuracy: 0.93, macroF1: 0.9, passed: true },
        slices: [{ column: 'island', value: 'Biscoe #1', metrics: { accuracy: 0.5 } }],
        rows: 334,
      }),
    );
    expect(text).toBe(
      [
        '# TYPE mlci_accuracy gauge',
        'mlci_accuracy 0.93',
        '# TYPE mlci_macro_f1 gauge',
        'mlci_macro_f1 0.9',
        '# TYPE mlci_slices_accuracy gauge',
        'mlci_slices_accuracy{column="island",value="Biscoe_1"} 0.5',
        '# TYPE mlci_rows gauge',
        'mlci_rows 334',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it("labels mlci's slices by column and value, and leaves out matrices and run settings", () => {
    const text = toOpenMetrics(
      collectSamples({
        accuracy: 0.8,
        confusion_matrix: [[3, 1], [0, 4]],
        labels: ['a', 'b'],
        bootstrap: { resamples: 200, seed: 42 },
        mlci: { batch_rows: 4096 },
        slices: { island: { Biscoe: { rows: 38, accuracy: 0.9 }, 'Dream Isle': { rows: 36, accuracy: 0.7 } } },
      }),
    );
    expect(text).toBe(
      [
        '# TYPE mlci_accuracy gauge',
        'mlci_accuracy 0.8',
        '# TYPE mlci_slice_rows gauge',
        'mlci_slice_rows{column="island",value="Biscoe"} 38',
        'mlci_slice_rows{column="island",value="Dream_Isle"} 36',
        '# TYPE mlci_slice_accuracy gauge',
        'mlci_slice_accuracy{column="island",value="Biscoe"} 0.9',
        'mlci_slice_accuracy{column="island",value="Dream_Isle"} 0.7',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it("parses back the way GitLab's parser reads it (strip from #, shell-split, name then value)", () => {
    const text = toOpenMetrics(collectSamples({ 'f1 score': 0.5, per_class: [{ class: "Ad'elie", recall: 1 }] }));
    const parsed = text
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter(Boolean)
      .map((l) => l.split(/\s+/));
    expect(parsed).toEqual([['mlci_f1_score', '0.5'], ['mlci_per_class_recall{class="Ad_elie"}', '1']]);
  });
});

describe('dotenv for artifacts:reports:dotenv', () => {
  it('sanitises keys and keeps values on one line', () => {
    expect(dotenvKey('gate.decision')).toBe('GATE_DECISION');
    expect(dotenvKey('macroF1')).toBe('MACRO_F1');
    expect(dotenvKey('1st')).toBe('_1ST');
    expect(dotenvValue('a\nb\r\n  c ')).toBe('a b c');
    expect(dotenvValue(0.5)).toBe('0.5');
    expect(dotenvValue(true)).toBe('true');
    expect(toDotenv([['decision', 'pass'], ['x', 1], ['DECISION', 'fail']])).toBe('X=1\nDECISION=fail\n');
  });

  it("refuses more variables or bytes than GitLab accepts", () => {
    const many = Array.from({ length: 21 }, (_, i) => [`v${i}`, i] as [string, unknown]);
    expect(() => toDotenv(many)).toThrow(/21 dotenv variables exceed GitLab's limit of 20/);
    expect(toDotenv(many, { maxVariables: 50 }).split('\n')).toHaveLength(22);
    const big = Array.from({ length: 20 }, (_, i) => [`v${i}`, 'x'.repeat(255)] as [string, unknown]);
    expect(() => toDotenv(big)).toThrow(/over GitLab's limit of 5120/);
  });

  it('picks paths and top-level scalars', () => {
    const doc = { decision: 'pass', metrics: { accuracy: 0.9 }, reasons: ['a'] };
    expect(pickPath(doc, 'metrics.accuracy')).toBe(0.9);
    expect(pickPath(doc, 'reasons.0')).toBe('a');
    expect(pickPath(doc, 'nope.x')).toBeUndefined();
    expect(scalarFields(doc)).toEqual([['decision', 'pass']]);
  });
});

describe('readGitLabContext', () => {
  it('honours self-managed URLs, MR iid, default branch and the token precedence', () => {
    const ctx = readGitLabContext({
      CI_SERVER_URL: 'https://git.corp.example/',
      CI_PROJECT_ID: '17',
      CI_MERGE_REQUEST_IID: '4',
      CI_DEFAULT_BRANCH: 'trunk',
      GITLAB_TOKEN: 'a',
      MLCI_GITLAB_TOKEN: 'b',
      GITLAB_CI: 'true',
    });
    expect(ctx).toMatchObject({ apiUrl: 'https://git.corp.example/api/v4', projectId: '17', mergeRequestIid: 4, defaultBranch: 'trunk', token: 'b', inCi: true });
    expect(readGitLabContext({ CI_API_V4_URL: 'http://127.0.0.1:9/api/v4' }).apiUrl).toBe('http://127.0.0.1:9/api/v4');
    expect(() => readGitLabContext({ CI_MERGE_REQUEST_IID: 'x' })).toThrow(/CI_MERGE_REQUEST_IID/);
  });

  it("finds a branch pipeline's merge request in CI_OPEN_MERGE_REQUESTS (this project's, not a fork's)", () => {
    const env = { CI_PROJECT_PATH: 'ml/penguins', CI_OPEN_MERGE_REQUESTS: 'other/fork!3, ml/penguins!17' };
    expect(readGitLabContext(env).mergeRequestIid).toBe(17);
    expect(readGitLabContext({ ...env, CI_MERGE_REQUEST_IID: '5' }).mergeRequestIid).toBe(5);
    expect(readGitLabContext({ CI_PROJECT_PATH: 'ml/penguins', CI_OPEN_MERGE_REQUESTS: 'other/fork!3' }).mergeRequestIid).toBeUndefined();
  });
});
