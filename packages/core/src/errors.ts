/**
 * Errors that reach users. Each renders as one line: where, what, and how to fix it.
 * Exit codes are assigned at the edges (CLI, actions), never here.
 */

export interface ErrorDetails {
  /** Where the problem is: `file:line`, `file: key.path`, or an input/option name such as `--schema`. */
  where?: string | undefined;
  /** How to fix it, phrased as an instruction. */
  fix?: string | undefined;
  /** Stable machine-readable code, e.g. `file-not-found`, `schema-invalid`. */
  code?: string | undefined;
  cause?: unknown;
}

export abstract class MlciError extends Error {
  readonly where: string | undefined;
  readonly fix: string | undefined;
  readonly code: string;
  /** The problem alone, without where/fix. */
  readonly what: string;

  constructor(what: string, details: ErrorDetails = {}, defaultCode = 'error') {
    super(formatLine(what, details.where, details.fix), details.cause === undefined ? undefined : { cause: details.cause });
    this.what = what;
    this.where = details.where;
    this.fix = details.fix;
    this.code = details.code ?? defaultCode;
  }
}

/** Bad input or usage: a missing file, an invalid schema or config, an unreadable model, a bad option. Exit 2. */
export class UsageError extends MlciError {
  override readonly name = 'UsageError';
  constructor(what: string, details: ErrorDetails = {}) {
    super(what, details, 'usage');
  }
}

/** A remote service (GitHub, GitLab) failed in a way the user cannot fix by changing input. */
export class ServiceError extends MlciError {
  override readonly name = 'ServiceError';
  readonly status: number | undefined;
  constructor(what: string, details: ErrorDetails & { status?: number } = {}) {
    super(what, details, 'service');
    this.status = details.status;
  }
}

export function formatLine(what: string, where?: string, fix?: string): string {
  const head = where ? `${where}: ${what}` : what;
  const line = fix ? `${head}. ${fix}` : head;
  // One line, always: multi-line text from a file or a remote must not break the log format.
  return line.replace(/\s*[\r\n]+\s*/g, ' ');
}

export function isMlciError(err: unknown): err is MlciError {
  return err instanceof MlciError;
}
