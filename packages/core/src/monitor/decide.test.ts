import { describe, expect, it } from 'vitest';
import type { DriftColumnResult, DriftResult } from '../drift/drift.js';
import { decideMonitorAction, type MonitorDecisionInput } from './decide.js';
import type { MonitorState } from './issue.js';

function column(drifted: boolean): DriftColumnResult {
  const side = { count: 10, missing: 0, distinct: 3 };
  return { test: 'psi', score: drifted ? 0.5 : 0.01, pvalue: null, threshold: 0.1, drifted, kind: 'numeric', basis: 'exact', reason: 'config', reference: side, current: side };
}

/** A drift result where `drifted` names the drifted columns among a, b, c, d. */
function drift(...drifted: string[]): DriftResult {
  const names = ['a', 'b', 'c', 'd'];
  const share = drifted.length / names.length;
  return {
    version: 1,
    drifted: share >= 0.5,
    share,
    shareThreshold: 0.5,
    driftedColumns: drifted.length,
    testedColumns: names.length,
    fail: false,
    reference: { rows: 100 },
    current: { rows: 100 },
    columns: Object.fromEntries(names.map((n) => [n, column(drifted.includes(n))])),
    skipped: [],
  };
}

const NOW = '2026-11-23T10:00:00.000Z';
const base = (over: Partial<MonitorDecisionInput>): MonitorDecisionInput => ({ drift: drift(), issue: undefined, closeWhenClear: true, retrain: true, now: NOW, ...over });
const state = (s: Partial<MonitorState>): MonitorState => ({ v: 1, drifted: true, columns: ['a', 'b'], dispatched: true, since: '2026-11-20T00:00:00.000Z', ...s });

describe('decideMonitorAction', () => {
  it('no drift, no issue: nothing', () => {
    expect(decideMonitorAction(base({}))).toMatchObject({ issue: 'none', comment: undefined, dispatch: false });
  });

  it('first drift: open an issue, dispatch when retraining is configured, start the episode now', () => {
    expect(decideMonitorAction(base({ drift: drift('a', 'b') }))).toEqual({
      issue: 'open',
      comment: undefined,
      newColumns: [],
      dispatch: true,
      newEpisode: true,
      state: { v: 1, drifted: true, columns: ['a', 'b'], dispatched: false, since: NOW },
    });
    expect(decideMonitorAction(base({ drift: drift('a', 'b'), retrain: false })).dispatch).toBe(false);
  });

  it('drift goes on with the same columns: update quietly, no second dispatch, episode start kept', () => {
    const d = decideMonitorAction(base({ drift: drift('a', 'b'), issue: { number: 7, state: state({}) } }));
    expect(d).toMatchObject({ issue: 'update', comment: undefined, dispatch: false, newEpisode: false });
    expect(d.state).toEqual(state({}));
  });

  it('more columns drift: one comment naming only the new ones; a column that flaps back is not new again', () => {
    const more = decideMonitorAction(base({ drift: drift('a', 'b', 'c'), issue: { number: 7, state: state({}) } }));
    expect(more).toMatchObject({ issue: 'update', comment: 'new-columns', newColumns: ['c'], dispatch: false });
    expect(more.state.columns).toEqual(['a', 'b', 'c']);
    const fewer = decideMonitorAction(base({ drift: drift('a', 'c'), issue: { number: 7, state: more.state } }));
    expect(fewer).toMatchObject({ comment: undefined, newColumns: [] });
    expect(fewer.state.columns).toEqual(['a', 'b', 'c']);
  });

  it('a dispatch that did not go through is retried on the next drifted check', () => {
    expect(decideMonitorAction(base({ drift: drift('a', 'b'), issue: { number: 7, state: state({ dispatched: false }) } })).dispatch).toBe(true);
  });

  it('drift clears: close with a comment; with close-when-clear false, comment once and keep it open', () => {
    expect(decideMonitorAction(base({ issue: { number: 7, state: state({}) } }))).toMatchObject({ issue: 'close', comment: 'cleared', dispatch: false, state: { drifted: false, columns: [], dispatched: false } });
    const kept = decideMonitorAction(base({ issue: { number: 7, state: state({}) }, closeWhenClear: false }));
    expect(kept).toMatchObject({ issue: 'update', comment: 'cleared-kept-open' });
    expect(decideMonitorAction(base({ issue: { number: 7, state: kept.state }, closeWhenClear: false }))).toMatchObject({ issue: 'update', comment: undefined });
  });

  it('drift back on an issue left open: a new episode with a comment and a dispatch', () => {
    const d = decideMonitorAction(base({ drift: drift('c', 'd'), issue: { number: 7, state: state({ drifted: false, columns: [], dispatched: false, since: undefined }) } }));
    expect(d).toMatchObject({ issue: 'update', comment: 'drift-again', dispatch: true, newEpisode: true, state: { drifted: true, columns: ['c', 'd'], since: NOW } });
  });

  it('a body whose state line was edited away: updated as the current episode, no comment, no second dispatch', () => {
    expect(decideMonitorAction(base({ drift: drift('a', 'b'), issue: { number: 7, state: undefined } }))).toMatchObject({ issue: 'update', comment: undefined, dispatch: false });
    expect(decideMonitorAction(base({ issue: { number: 7, state: undefined } }))).toMatchObject({ issue: 'close', comment: 'cleared' });
  });
});
