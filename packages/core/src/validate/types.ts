import type { FindingCode } from '../findings.js';
import type { TableProfile } from '../profile/types.js';

/** One finding as written to validation.json. */
export interface ValidationFinding {
  /** 1-based physical line where the row starts (header: 1); null for file-level findings (`rows`, `missing-share`). */
  line: number | null;
  field: string | null;
  code: FindingCode;
  message: string;
}

/** Findings per code for one column (or for the file as a whole), for summary tables. */
export type CodeCounts = Partial<Record<FindingCode, number>>;

export interface ColumnSummary {
  name: string;
  type: string;
  /** Whether the column is in the data (false: a `missing-field`). */
  present: boolean;
  missing: number;
  invalid: number;
  errors: CodeCounts;
  warnings: CodeCounts;
}

/** One check run on a file: a Table Schema keyword (or mlci rule) on a field, or a file-level check (field null). */
export interface CheckSummary {
  field: string | null;
  code: FindingCode;
  failures: number;
}

export interface FileValidation {
  /** The data file as the user named it (relative to the working directory when given relative). */
  path: string;
  /** Data rows read (the header is not a row). */
  rows: number;
  /** Error findings, in file order; file-level findings last. */
  errors: ValidationFinding[];
  /** Warnings (possible PII with `pii: warn`): reported, never failing by themselves. */
  warnings: ValidationFinding[];
  /** Data Package resource name, when validated from a descriptor. */
  resource?: string | undefined;
  /** Why the file was not validated (a format mlci cannot read); a skipped file is not a pass. */
  skipped?: string | undefined;
  /** Error findings beyond `maxErrors` were counted but not kept. */
  truncated?: boolean | undefined;
  /** Total error findings, including any not kept because of `maxErrors`. */
  errorCount: number;
  columns: ColumnSummary[];
  /** File-level finding counts (field null): row-length, rows, encoding, format. */
  fileFindings: CodeCounts;
  checks: CheckSummary[];
}

export interface ValidationResult {
  valid: boolean;
  errorCount: number;
  warningCount: number;
  /** Files not validated (see `skipped` on each). */
  skippedCount: number;
  files: FileValidation[];
  /** profile.json content: one profile over all files of a Table Schema, or one per Data Package resource. */
  profile: TableProfile | { resources: Array<{ name: string; path: string; profile: TableProfile }> };
}
