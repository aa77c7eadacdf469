import { openTable, PACKED_ROW, type ReadIssue, type ReadOptions } from '@mlci/core';

export interface ReadResult {
  header: string[];
  headerIssues: ReadIssue[];
  rows: string[][];
  lines: number[];
  issues: ReadIssue[];
  batchSizes: number[];
}

/** Reads a whole table into memory (tests only), checking the batch invariants on the way. */
export async function readAll(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const table = await openTable(path, options);
  const result: ReadResult = { header: table.header, headerIssues: table.headerIssues, rows: [], lines: [], issues: [], batchSizes: [] };
  for await (const batch of table.batches) {
    if (batch.rows.length !== batch.lines.length) throw new Error('rows and lines differ in length');
    result.batchSizes.push(batch.rows.length);
    const width = table.header.length;
    result.rows.push(...batch.rows.map((row, r) => (row === PACKED_ROW ? unpack(batch.texts![r]!, batch.starts!, r * (width + 1), width) : row)));
    result.lines.push(...batch.lines);
    result.issues.push(...batch.issues);
  }
  return result;
}

/** A packed row's cells, cut by its cell starts (each cell ends one before the next starts). */
function unpack(text: string, starts: Int32Array, at: number, width: number): string[] {
  return Array.from({ length: width }, (_, c) => text.slice(starts[at + c], starts[at + c + 1]! - 1));
}

/** Issues without their messages, for compact assertions. */
export function codes(issues: ReadIssue[]): Array<{ line: number; code: string; field?: string | undefined }> {
  return issues.map((i) => (i.field === undefined ? { line: i.line, code: i.code } : { line: i.line, code: i.code, field: i.field }));
}
