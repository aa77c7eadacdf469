import { openTable, type ReadIssue, type ReadOptions } from '@mlci/core';

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
    result.rows.push(...batch.rows);
    result.lines.push(...batch.lines);
    result.issues.push(...batch.issues);
  }
  return result;
}

/** Issues without their messages, for compact assertions. */
export function codes(issues: ReadIssue[]): Array<{ line: number; code: string; field?: string | undefined }> {
  return issues.map((i) => (i.field === undefined ? { line: i.line, code: i.code } : { line: i.line, code: i.code, field: i.field }));
}
