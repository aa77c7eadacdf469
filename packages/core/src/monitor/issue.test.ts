import { describe, expect, it } from 'vitest';
import type { DriftColumnResult, DriftResult } from '../drift/drift.js';
import {
  decodeMonitorState,
  encodeMonitorState,
  isMonitorIssueOf,
  monitorIssueTitle,
  monitorMarker,
  renderMonitorComment,
  renderMonitorIssueBody,
  type MonitorContext,
  type MonitorState,
} from './issue.js';

function result(columns: string[], drifted: string[]): DriftResult {
  const side = { count: 10, missing: 0, distinct: 3, mean: 1, std: 0.5 };
  const col = (d: boolean): DriftColumnResult => ({ test: 'ks', score: d ? 0.4 : 0.02, pvalue: d ? 0.001 : 0.6, threshold: 0.05, drifted: d, kind: 'numeric', basis: 'exact', reason: 'config', reference: side, current: side });
  return {
    version: 1,
    drifted: drifted.length * 2 >= columns.length,
    share: drifted.length / columns.length,
    shareThreshold: 0.5,
    driftedColumns: drifted.length,
    testedColumns: columns.length,
    fail: false,
    reference: { rows: 2000 },
    current: { rows: 500 },
    columns: Object.fromEntries(columns.map((c) => [c, col(drifted.includes(c))])),
    skipped: [],
  };
}

const ctx = (over: Partial<MonitorContext> = {}): MonitorContext => ({
  model: 'fraud <script>',
  checkedAt: '2026-11-23T10:00:00.000Z',
  runUrl: 'https://github.com/acme/m/actions/runs/1',
  sample: '500 of 9,000 rows',
  data: ['prod/@team.csv'],
  reference: 'profile.json (training profile)',
  dispatch: { kind: 'sent', workflow: 'retrain.yml', ref: 'main' },
  ...over,
});
const state: MonitorState = { v: 1, drifted: true, columns: ['a'], dispatched: true, since: '2026-11-23T10:00:00.000Z' };

describe('monitor issue marker and state', () => {
  it('percent-encodes the model so no name ends the comment early or matches another model', () => {
    expect(monitorMarker('penguins-classifier')).toBe('<!-- mlci-monitor: penguins-classifier -->');
    expect(monitorMarker('x --> <b>')).toBe('<!-- mlci-monitor: x%20--%3E%20%3Cb%3E -->');
    expect(isMonitorIssueOf(`intro\n${monitorMarker('ab')}\n`, 'ab')).toBe(true);
    expect(isMonitorIssueOf(`${monitorMarker('ab')}\n`, 'a')).toBe(false);
    expect(isMonitorIssueOf(`quoted: ${monitorMarker('ab')}`, 'ab')).toBe(false);
    expect(isMonitorIssueOf(null, 'ab')).toBe(false);
  });

  it('round-trips the state whatever the column names, inside one HTML comment', () => {
    const s: MonitorState = { v: 1, drifted: true, columns: ['--> <!--', 'ü\n|x'], dispatched: false, since: 'then' };
    const line = encodeMonitorState(s);
    expect(line.indexOf('-->')).toBe(line.length - 3);
    expect(decodeMonitorState(`x\n${line}\ny`)).toEqual(s);
    expect(decodeMonitorState('no state here')).toBeUndefined();
    expect(decodeMonitorState('<!-- mlci-monitor-state: not base64 json -->')).toBeUndefined();
    expect(decodeMonitorState(`<!-- mlci-monitor-state: ${Buffer.from('{"v":2}').toString('base64url')} -->`)).toBeUndefined();
  });

  it('titles are one plain line within 256 characters', () => {
    expect(monitorIssueTitle('fraud\r\nmodel')).toBe('Data drift in production: fraud model');
    const long = monitorIssueTitle('m'.repeat(400));
    expect(long).toHaveLength(256);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('renderMonitorIssueBody', () => {
  it('starts with the marker and state lines and escapes every untrusted name', () => {
    const body = renderMonitorIssueBody(result(['a', '@admin <img>'], ['a', '@admin <img>']), state, ctx());
    const lines = body.split('\n');
    expect(lines[0]).toBe(monitorMarker('fraud <script>'));
    expect(decodeMonitorState(body)).toEqual(state);
    expect(lines[2]).toBe('');
    expect(body).toContain('model **fraud &lt;script&gt;**');
    expect(body).not.toMatch(/<script>|<img>/);
    // Mentions never ping: from the file name and from the drift table's column.
    expect(body).not.toMatch(/@(team|admin)/);
    // Either neutralised form of the @ (drift's table entity-encodes it; mentionSafe adds a zero-width space).
    expect(body).toMatch(/\| (&#64;|@&#8203;)admin &lt;img&gt; \| K–S \|/);
    expect(body).toContain('- Retraining: dispatched retrain.yml on main');
    expect(body).toContain('[this run](https://github.com/acme/m/actions/runs/1)');
    expect(body).toContain('(2,000 rows)');
  });

  it('stays within GitHub\'s body limit with thousands of columns, saying what was cut', () => {
    const cols = Array.from({ length: 3000 }, (_, i) => `feature_with_a_rather_long_name_${i}`);
    const body = renderMonitorIssueBody(result(cols, cols.slice(0, 2000)), state, ctx());
    expect(body.length).toBeLessThanOrEqual(65536);
    expect(body).toContain('The drift table was cut to fit');
    expect(decodeMonitorState(body)).toEqual(state);
  });
});

describe('renderMonitorComment', () => {
  it('names only new columns, escaped as code, at most ten', () => {
    const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const c = renderMonitorComment('new-columns', result(names, names), ctx(), ['`x|y`', ...names.slice(0, 11)]);
    expect(c).toContain('<code>&#96;x&#124;y&#96;</code>');
    expect(c).toContain('and 2 more');
    expect(c).toContain('now 12 of 12 columns (100%)');
  });

  it('drift cleared says the threshold and what happens next', () => {
    expect(renderMonitorComment('cleared', result(['a', 'b', 'c'], ['a']), ctx())).toBe(
      'Drift cleared ([run](https://github.com/acme/m/actions/runs/1)): 1 of 3 columns (33.3%) drifted, below the 50% threshold. Closing this issue; a new one opens if drift returns.',
    );
  });
});
