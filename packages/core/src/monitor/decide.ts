/**
 * What a scheduled check does with its drift result and the model's open issue (if any). Pure: the GitHub edge
 * carries the decision out.
 *
 * Choices, and why:
 * - One open issue per model. A closed issue is history: new drift after it closed opens a NEW issue, so each
 *   drift episode has its own timeline, its own notification and its own retraining, and closing stays meaningful.
 * - Comments only on events (drift is back on an issue left open, more columns drift, drift cleared); every other
 *   check only rewrites the body, so a daily schedule does not notify watchers daily.
 * - Retraining is dispatched once per drift episode, not on every drifted run: retraining and redeploying take longer
 *   than the schedule's period, and a dispatch per run would queue duplicate trainings. A failed dispatch is not
 *   recorded as sent, so the next check retries it.
 */
import type { DriftResult } from '../drift/drift.js';
import { driftedColumnNames, type MonitorCommentKind, type MonitorState } from './issue.js';

export interface OpenMonitorIssue {
  number: number;
  /** Decoded from the body; undefined when the body was edited and the state line lost. */
  state: MonitorState | undefined;
}

export interface MonitorDecisionInput {
  drift: DriftResult;
  /** The model's open issue, if one was found. */
  issue: OpenMonitorIssue | undefined;
  closeWhenClear: boolean;
  /** A retraining workflow is configured. */
  retrain: boolean;
  /** When this check ran (ISO 8601), the start of a new episode. */
  now: string;
}

export type IssueAction = 'open' | 'update' | 'close' | 'none';

export interface MonitorDecision {
  issue: IssueAction;
  comment: MonitorCommentKind | undefined;
  /** Columns that drifted now and not at the last check (for the 'new-columns' comment). */
  newColumns: string[];
  /** Dispatch the retraining workflow on this check. */
  dispatch: boolean;
  /** Drift started on this check (a new episode). */
  newEpisode: boolean;
  /** The state to store in the issue body; set `dispatched` from the dispatch outcome before writing it. */
  state: MonitorState;
}

export function decideMonitorAction(input: MonitorDecisionInput): MonitorDecision {
  const { drift, issue } = input;
  const columns = driftedColumnNames(drift);
  if (drift.drifted) {
    if (!issue) {
      return { issue: 'open', comment: undefined, newColumns: [], dispatch: input.retrain, newEpisode: true, state: { v: 1, drifted: true, columns, dispatched: false, since: input.now } };
    }
    // A body edited by hand lost its state: treat the issue as the current episode, already handled, so a lost
    // line never triggers a second retraining or a comment.
    const prev = issue.state ?? { v: 1, drifted: true, columns, dispatched: true, since: undefined };
    if (!prev.drifted) {
      return { issue: 'update', comment: 'drift-again', newColumns: [], dispatch: input.retrain, newEpisode: true, state: { v: 1, drifted: true, columns, dispatched: false, since: input.now } };
    }
    const known = new Set(prev.columns);
    const newColumns = columns.filter((c) => !known.has(c));
    return {
      issue: 'update',
      comment: newColumns.length > 0 ? 'new-columns' : undefined,
      newColumns,
      dispatch: input.retrain && !prev.dispatched,
      newEpisode: false,
      // Remember every column seen drifting in this episode, so one flapping column does not comment each time.
      state: { v: 1, drifted: true, columns: [...new Set([...prev.columns, ...columns])].sort(), dispatched: prev.dispatched, since: prev.since },
    };
  }
  if (!issue) return { issue: 'none', comment: undefined, newColumns: [], dispatch: false, newEpisode: false, state: { v: 1, drifted: false, columns: [], dispatched: false } };
  const wasDrifting = issue.state?.drifted ?? true;
  const state: MonitorState = { v: 1, drifted: false, columns: [], dispatched: false };
  if (input.closeWhenClear) return { issue: 'close', comment: 'cleared', newColumns: [], dispatch: false, newEpisode: false, state };
  return { issue: 'update', comment: wasDrifting ? 'cleared-kept-open' : undefined, newColumns: [], dispatch: false, newEpisode: false, state };
}
