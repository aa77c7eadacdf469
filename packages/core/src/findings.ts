/**
 * Findings are data with stable codes. Markdown, annotations, JUnit and exit codes are renderings of them.
 */

/** Table Schema keywords that can fail, plus mlci's own checks. */
export const FINDING_CODES = [
  'type',
  'required',
  'unique',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'primaryKey',
  'missing-field',
  'extra-field',
  'row-length',
  'rows',
  'missing-share',
  'pii',
  'encoding',
  /** Malformed file syntax: an unterminated quote, a JSON Lines row that is not a JSON object. */
  'format',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = 'error' | 'warning';

export interface Finding {
  /** 1-based physical line where the offending row starts (header is line 1); null for file-level findings. */
  line: number | null;
  /** Field (column) name, or null when the finding concerns a whole row or file. */
  field: string | null;
  code: FindingCode;
  message: string;
  severity: Severity;
}
