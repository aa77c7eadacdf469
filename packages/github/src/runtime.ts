import * as core from '@actions/core';
import { isMlciError, UsageError } from '@mlci/core';

/** What a step's implementation reports back; the runtime turns it into the process outcome. */
export type StepOutcome = 'ok' | 'check-failed';

/**
 * Runs an action's implementation: user errors become one `core.setFailed` line (exit 2),
 * failed checks exit 1, anything else is reported as a bug without a stack trace in the log.
 */
export async function runAction(step: () => Promise<StepOutcome>): Promise<void> {
  try {
    const outcome = await step();
    if (outcome === 'check-failed') process.exitCode = 1;
  } catch (err) {
    if (isMlciError(err)) {
      core.setFailed(err.message);
      process.exitCode = 2;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    core.setFailed(`internal error: ${message.split('\n')[0]}. This is a bug in mlci: please report it.`);
    if (err instanceof Error && err.stack) core.debug(err.stack);
    process.exitCode = 2;
  }
}

/** Reads an input as the runner passes it (INPUT_<NAME>), trimmed; '' when unset. */
export function input(name: string): string {
  return core.getInput(name);
}

export function requiredInput(name: string, expected: string): string {
  const value = core.getInput(name);
  if (value === '') throw new UsageError(`input '${name}' is required`, { where: `with.${name}`, fix: `Set it to ${expected}` });
  return value;
}

/** Newline- or comma-separated list input. */
export function listInput(name: string): string[] {
  return core
    .getInput(name)
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function boolInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (raw === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(raw)) return true;
  if (['false', 'no', '0', 'off'].includes(raw)) return false;
  throw new UsageError(`input '${name}' is '${raw}', not a boolean`, { where: `with.${name}`, fix: 'Use true or false' });
}

export function choiceInput<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`input '${name}' is '${raw}'`, { where: `with.${name}`, fix: `Use one of: ${choices.join(', ')}` });
  }
  return raw as T;
}

export function numberInput(name: string, fallback: number): number {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`input '${name}' is '${raw}', not a number`, { where: `with.${name}`, fix: 'Use a number' });
  return n;
}

/** GitHub shows at most 10 annotations of each type per step; the rest are counted in one notice. */
export const ANNOTATIONS_PER_TYPE = 10;

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  title?: string | undefined;
  file?: string | undefined;
  line?: number | undefined;
}

/** Emits annotations, at most 10 per level, then one notice saying how many more there are and where to find them. */
export function annotate(annotations: Annotation[], whereToFindAll: string): { shown: number; hidden: number } {
  const shownPerLevel = { error: 0, warning: 0, notice: 0 };
  const hiddenPerLevel = { error: 0, warning: 0, notice: 0 };
  for (const a of annotations) {
    if (shownPerLevel[a.level] >= ANNOTATIONS_PER_TYPE) {
      hiddenPerLevel[a.level]++;
      continue;
    }
    shownPerLevel[a.level]++;
    const props: core.AnnotationProperties = {};
    if (a.title) props.title = a.title;
    if (a.file) props.file = a.file;
    if (a.line !== undefined && a.line !== null) props.startLine = a.line;
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
  const hidden = hiddenPerLevel.error + hiddenPerLevel.warning + hiddenPerLevel.notice;
  if (hidden > 0) {
    const parts = (['error', 'warning', 'notice'] as const).filter((l) => hiddenPerLevel[l] > 0).map((l) => `${hiddenPerLevel[l]} more ${l}${hiddenPerLevel[l] === 1 ? '' : 's'}`);
    core.notice(`${parts.join(', ')} not shown as annotations (GitHub shows ${ANNOTATIONS_PER_TYPE} per type per step): see ${whereToFindAll}.`);
  }
  const shown = shownPerLevel.error + shownPerLevel.warning + shownPerLevel.notice;
  return { shown, hidden };
}

/** Workspace-relative path for annotations: GitHub matches `file` against the repository tree. */
export function workspacePath(path: string, workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()): string {
  const ws = workspace.endsWith('/') ? workspace : `${workspace}/`;
  return path.startsWith(ws) ? path.slice(ws.length) : path;
}
