/**
 * The per-row string work of `mlci evaluate`, done where the rows are parsed: feature cells to float arrays, target
 * cells to label ids (or numbers), slice cells to value ids, and the start of each outcomes.csv line. Its output is
 * typed arrays and a few new dictionary entries, so it can run in a worker thread (evaluate's parse thread) and be
 * transferred without copying; evaluate runs the same code on its own thread for small files.
 */
import { MlciError, UsageError } from '../errors.js';
import type { RowBatch } from '../readers/types.js';
import type { InputPlan } from './model.js';
import { csvCell, type OutcomeText } from './outcomes.js';
import { buildFeedArrays, type FeatureSelection, type FeedArray } from './scan.js';

/** What to take from each row; structured-cloneable, so it can be posted to the parse thread. */
export interface PreparePlan {
  /** The data file as reported in messages. */
  path: string;
  target: string;
  targetIdx: number;
  /** Column written first to outcomes.csv, or -1. */
  idIdx: number;
  sliceIdx: number[];
  features: FeatureSelection;
  input: InputPlan;
  classification: boolean;
}

/** A UsageError as data, to cross a thread boundary. */
export interface ErrorData {
  what: string;
  where?: string | undefined;
  fix?: string | undefined;
  code?: string | undefined;
  /** Set for errors that are not UsageErrors (a bug): the message and stack. */
  internal?: { message: string; stack?: string | undefined } | undefined;
}

export interface PreparedBatch {
  rows: number;
  /** 1-based line of each row. */
  lines: Float64Array;
  feeds: FeedArray[];
  /** Classification: label id per row in this preparer's own dictionary (see `newLabels`); regression: the value. */
  targets: Int32Array | Float64Array;
  /** Target labels first seen in this batch; their ids follow the ones handed out before. */
  newLabels: string[];
  /** Per slice column, the value id of each row. */
  slices: Int32Array[];
  /** Per slice column, the values first seen in this batch. */
  newSliceValues: string[][];
  /** The text parts of each outcomes.csv line (see OutcomeText). */
  outcome: OutcomeText;
  /** A row whose target is unusable: rows before it are valid, it and those after are not. */
  failure: { row: number; error: ErrorData } | null;
}

export function errorData(err: unknown): ErrorData {
  if (err instanceof MlciError) return { what: err.what, where: err.where, fix: err.fix, code: err.code };
  const e = err instanceof Error ? err : new Error(String(err));
  return { what: e.message, internal: { message: e.message, stack: e.stack } };
}

export function errorFrom(data: ErrorData): Error {
  if (data.internal) {
    const err = new Error(data.internal.message);
    if (data.internal.stack) err.stack = data.internal.stack;
    return err;
  }
  return new UsageError(data.what, { where: data.where, fix: data.fix, code: data.code });
}

/** The buffers of a prepared batch, for postMessage's transfer list. */
export function transferList(b: PreparedBatch): ArrayBuffer[] {
  return [b.lines.buffer, ...b.feeds.map((f) => f.data.buffer), b.targets.buffer, ...b.slices.map((s) => s.buffer), b.outcome.text.buffer, b.outcome.idEnd.buffer, b.outcome.textEnd.buffer] as ArrayBuffer[];
}

/** Values → ids in order of first appearance, remembering the values new since the last `takeNew`. */
class Dictionary {
  private readonly ids = new Map<string, number>();
  /** Values by id while there are few: comparing is cheaper than hashing each row's fresh string. */
  private readonly keys: string[] = [];
  private fresh: string[] = [];
  id(v: string): number {
    const keys = this.keys;
    if (this.ids.size <= 16) for (let i = 0; i < keys.length; i++) if (keys[i] === v) return i;
    let id = this.ids.get(v);
    if (id === undefined) {
      this.ids.set(v, (id = this.ids.size));
      if (id === keys.length && id < 16) keys.push(v);
      this.fresh.push(v);
    }
    return id;
  }
  takeNew(): string[] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }
}

const COMMA = 44;

export class Preparer {
  private readonly labels = new Dictionary();
  private readonly sliceValues: Dictionary[];
  private text = new Uint8Array(0);
  private textBuf = Buffer.alloc(0);
  /** Bytes the last batch's text took: the next buffer's size. */
  private textSize = 1 << 16;

  constructor(private readonly plan: PreparePlan) {
    this.sliceValues = plan.sliceIdx.map(() => new Dictionary());
  }

  private room(pos: number, n: number): Buffer {
    if (pos + n > this.text.length) {
      const next = new Uint8Array(Math.max(this.text.length * 2, pos + n));
      next.set(this.text.subarray(0, pos));
      this.text = next;
      this.textBuf = Buffer.from(next.buffer);
    }
    return this.textBuf;
  }

  /** Null for a batch without rows. Throws a UsageError for a format issue or a feature cell that is not a number. */
  prepare(batch: RowBatch): PreparedBatch | null {
    const plan = this.plan;
    const issue = batch.issues.find((i) => i.code === 'format');
    if (issue) throw new UsageError(issue.message, { where: `${plan.path}:${issue.line}`, fix: 'Fix the file syntax at that line', code: 'format' });
    const rows = batch.rows;
    const n = rows.length;
    if (n === 0) return null;
    const feeds = buildFeedArrays(rows, batch.lines, plan.path, plan.features, plan.input);
    const lines = Float64Array.from(batch.lines);
    const classification = plan.classification;
    const targets = classification ? new Int32Array(n) : new Float64Array(n);
    const slices = plan.sliceIdx.map(() => new Int32Array(n));
    const idEnd = new Uint32Array(n);
    const textEnd = new Uint32Array(n);
    const { targetIdx, idIdx, sliceIdx } = plan;
    let failure: PreparedBatch['failure'] = null;
    // Each batch gets its own text buffer (it is transferred); sized for rows like the last batch's.
    this.text = new Uint8Array(this.textSize);
    this.textBuf = Buffer.from(this.text.buffer);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const cells = rows[i]!;
      const line = batch.lines[i]!;
      const targetCell = cells[targetIdx];
      if (targetCell === undefined || targetCell.trim() === '') {
        failure = { row: i, error: errorData(new UsageError(`target '${plan.target}' is empty`, { where: `${plan.path}:${line}`, fix: 'Drop rows without a label from the evaluation data', code: 'target-missing' })) };
        break;
      }
      for (let c = 0; c < sliceIdx.length; c++) slices[c]![i] = this.sliceValues[c]!.id(cells[sliceIdx[c]!] ?? '');
      let targetText = '';
      if (classification) targets[i] = this.labels.id(targetCell);
      else {
        const y = +targetCell;
        if (Number.isNaN(y)) {
          const what = `target '${plan.target}' is '${targetCell}', not a number`;
          failure = { row: i, error: errorData(new UsageError(what, { where: `${plan.path}:${line}`, fix: 'A regression target must be numeric (use --task classification for labels)', code: 'target-not-numeric' })) };
          break;
        }
        targets[i] = y;
        targetText = targetCell.trim();
      }
      if (idIdx >= 0 || !classification) {
        const idText = idIdx >= 0 ? csvCell(cells[idIdx] ?? '') : '';
        // Text is at most 3 bytes a UTF-16 unit.
        const buf = this.room(pos, 2 + 3 * (idText.length + targetText.length));
        if (idIdx >= 0) {
          pos += buf.write(idText, pos);
          buf[pos++] = COMMA;
        }
        idEnd[i] = pos;
        if (!classification) {
          pos += buf.write(targetText, pos);
          buf[pos++] = COMMA;
        }
      } else idEnd[i] = pos;
      textEnd[i] = pos;
    }
    const text = this.text;
    this.textSize = Math.max(1024, pos);
    return {
      rows: n,
      lines,
      feeds,
      targets,
      newLabels: this.labels.takeNew(),
      slices,
      newSliceValues: this.sliceValues.map((d) => d.takeNew()),
      outcome: { text, idEnd, textEnd },
      failure,
    };
  }
}
