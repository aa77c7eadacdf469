/**
 * The one drift issue per model: how it is found again (a hidden marker), the state it carries between scheduled
 * runs (a hidden, encoded line in its body), and its title, body and comments. Every untrusted name (model, column,
 * file) is escaped; drift's own table is made mention-safe before it goes into an issue.
 */
import { renderDriftMarkdown } from '../drift/markdown.js';
import type { DriftResult } from '../drift/drift.js';
import { escapeCode, escapeText } from '../report/escape.js';
import { GITHUB_COMMENT_LIMIT, truncateMarkdown } from '../report/truncate.js';

/** What the monitor remembers about a drift episode, kept in the issue body between runs. */
export interface MonitorState {
  v: 1;
  /** Drift at the last check. */
  drifted: boolean;
  /** Columns that drifted at the last check (to tell a new event from the same drift). */
  columns: string[];
  /** The retraining workflow was dispatched for the current episode. */
  dispatched: boolean;
  /** When the current episode started (ISO 8601), if drifting. */
  since?: string | undefined;
}

const STATE_PREFIX = '<!-- mlci-monitor-state: ';

/**
 * The hidden marker that identifies a model's issue. The name is percent-encoded so that no model name can end the
 * HTML comment early or collide with another model's marker.
 */
export function monitorMarker(model: string): string {
  return `<!-- mlci-monitor: ${encodeURIComponent(model)} -->`;
}

/** True when an issue body is the monitor issue of `model` (the marker must be a whole line). */
export function isMonitorIssueOf(body: string | null | undefined, model: string): boolean {
  if (!body) return false;
  const marker = monitorMarker(model);
  return body.split(/\r?\n/).some((line) => line.trim() === marker);
}

export function encodeMonitorState(state: MonitorState): string {
  // base64url: column names cannot break out of the HTML comment.
  return `${STATE_PREFIX}${Buffer.from(JSON.stringify(state), 'utf8').toString('base64url')} -->`;
}

/** The state stored in an issue body, or undefined when absent or unreadable (a body edited by hand). */
export function decodeMonitorState(body: string | null | undefined): MonitorState | undefined {
  const line = body?.split(/\r?\n/).find((l) => l.startsWith(STATE_PREFIX));
  if (!line) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(line.slice(STATE_PREFIX.length).replace(/\s*-->\s*$/, ''), 'base64url').toString('utf8')) as Partial<MonitorState>;
    if (raw.v !== 1 || typeof raw.drifted !== 'boolean' || !Array.isArray(raw.columns) || typeof raw.dispatched !== 'boolean') return undefined;
    return { v: 1, drifted: raw.drifted, columns: raw.columns.filter((c): c is string => typeof c === 'string'), dispatched: raw.dispatched, since: typeof raw.since === 'string' ? raw.since : undefined };
  } catch {
    return undefined;
  }
}

/** GitHub's limit for an issue title. */
const TITLE_LIMIT = 256;

/** The issue title: plain text (titles are not Markdown), one line, within GitHub's limit. */
export function monitorIssueTitle(model: string): string {
  const name = model.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  const title = `Data drift in production: ${name}`;
  return title.length > TITLE_LIMIT ? `${title.slice(0, TITLE_LIMIT - 1)}…` : title;
}

/** Drift's table escapes Markdown but not mentions: in an issue `@name` would notify someone. */
function mentionSafe(markdown: string): string {
  return markdown.replace(/@/g, '@&#8203;');
}

/** What the retraining dispatch did on this run, for the body, the summary and the comments. */
export type DispatchOutcome =
  | { kind: 'not-configured' }
  /** About to be dispatched: the issue is written first, so the dispatch is remembered whatever happens next. */
  | { kind: 'pending'; workflow: string }
  | { kind: 'sent'; workflow: string; ref: string }
  | { kind: 'already-sent'; workflow: string }
  | { kind: 'not-needed'; workflow: string }
  | { kind: 'failed'; workflow: string; reason: string };

export interface MonitorContext {
  model: string;
  /** When this check ran (ISO 8601). */
  checkedAt: string;
  /** Link to the workflow run that checked. */
  runUrl?: string | undefined;
  /** How the production sample was taken, e.g. "10,000 of 1,250,000 rows (seeded reservoir sample, seed 0)". */
  sample: string;
  /** Production data files, as the workflow named them. */
  data: string[];
  /** The reference (training profile or data), as the workflow named it. */
  reference: string;
  dispatch: DispatchOutcome;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function listFiles(files: string[]): string {
  const shown = files.slice(0, 5).map((f) => escapeText(f));
  return files.length > 5 ? `${shown.join(', ')} and ${files.length - 5} more` : shown.join(', ');
}

export function describeDispatch(d: DispatchOutcome): string {
  switch (d.kind) {
    case 'not-configured':
      return 'not configured (set `retrain-workflow` to dispatch retraining on drift)';
    case 'pending':
      return `dispatching ${escapeText(d.workflow)}`;
    case 'sent':
      return `dispatched ${escapeText(d.workflow)} on ${escapeText(d.ref)}`;
    case 'already-sent':
      return `${escapeText(d.workflow)} was already dispatched for this drift episode`;
    case 'not-needed':
      return `${escapeText(d.workflow)} not dispatched (no drift)`;
    case 'failed':
      return `dispatching ${escapeText(d.workflow)} failed: ${escapeText(d.reason)}`;
  }
}

function checkedLine(ctx: MonitorContext): string {
  const run = ctx.runUrl ? ` in [this run](${ctx.runUrl})` : '';
  return `Last checked ${escapeText(ctx.checkedAt)}${run}.`;
}

/**
 * The issue body: the marker and state lines, the status, what was compared, the drift table (cut to GitHub's body
 * limit with a note), and the retraining status.
 */
export function renderMonitorIssueBody(drift: DriftResult, state: MonitorState, ctx: MonitorContext): string {
  const head = [monitorMarker(ctx.model), encodeMonitorState(state), ''];
  const status = drift.drifted
    ? `**Drifting**${state.since ? ` since ${escapeText(state.since)}` : ''}: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (${pct(drift.share)}; threshold ${pct(drift.shareThreshold)}).`
    : `**Drift cleared**: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (${pct(drift.share)}; threshold ${pct(drift.shareThreshold)}).`;
  const lines = [
    `The production data of model **${escapeText(ctx.model)}** is compared on a schedule with the profile of the data it was trained on.`,
    '',
    status,
    checkedLine(ctx),
    '',
    `- Production sample: ${escapeText(ctx.sample)} from ${listFiles(ctx.data)}`,
    `- Reference: ${escapeText(ctx.reference)} (${drift.reference.rows.toLocaleString('en-US')} rows)`,
    `- Retraining: ${describeDispatch(ctx.dispatch)}`,
    '',
    '### Drift by column',
    '',
    mentionSafe(renderDriftMarkdown(drift)).trimEnd(),
    '',
    '<sub>Updated by mlci monitor on every check. A comment is added only when drift starts, more columns drift, or drift clears.</sub>',
    '',
  ];
  const body = `${head.join('\n')}\n${lines.join('\n')}`;
  return truncateMarkdown(body, GITHUB_COMMENT_LIMIT - 100, (kept, total) => `_The drift table was cut to fit GitHub's issue size limit (${kept} of ${total} characters shown); the full table is in the job summary and drift.md._`).markdown;
}

/** Columns that drifted, most significant first as the table sorts them (drifted only). */
export function driftedColumnNames(drift: DriftResult): string[] {
  return Object.entries(drift.columns)
    .filter(([, c]) => c.drifted)
    .map(([name]) => name)
    .sort();
}

function columnList(names: string[], max = 10): string {
  const shown = names.slice(0, max).map(escapeCode);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

/** The short comment for an event on an existing issue. */
export function renderMonitorComment(event: MonitorCommentKind, drift: DriftResult, ctx: MonitorContext, newColumns: string[] = []): string {
  const run = ctx.runUrl ? ` ([run](${ctx.runUrl}))` : '';
  const share = `${drift.driftedColumns} of ${drift.testedColumns} columns (${pct(drift.share)})`;
  const retrain = ctx.dispatch.kind === 'sent' || ctx.dispatch.kind === 'failed' || ctx.dispatch.kind === 'pending' ? ` Retraining: ${describeDispatch(ctx.dispatch)}.` : '';
  switch (event) {
    case 'drift-again':
      return `Drift is back${run}: ${share} drifted.${retrain}`;
    case 'new-columns':
      return `More columns drifted${run}: ${columnList(newColumns)}; now ${share}.${retrain}`;
    case 'cleared':
      return `Drift cleared${run}: ${share} drifted, below the ${pct(drift.shareThreshold)} threshold. Closing this issue; a new one opens if drift returns.`;
    case 'cleared-kept-open':
      return `Drift cleared${run}: ${share} drifted, below the ${pct(drift.shareThreshold)} threshold. Left open (close-when-clear is false).`;
  }
}

export type MonitorCommentKind = 'drift-again' | 'new-columns' | 'cleared' | 'cleared-kept-open';
