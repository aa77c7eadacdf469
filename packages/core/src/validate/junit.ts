/**
 * JUnit XML for CI test reports (GitHub test reporters, GitLab `artifacts:reports:junit`): one testsuite per data file,
 * one testcase per check per field. A failing testcase lists the first findings with their lines.
 */
import type { FileValidation, ValidationResult } from './types.js';

/** Escapes text for XML attributes and content, and drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface JUnitOptions {
  /** Findings listed per failing testcase (all are counted). Default 20. */
  maxFindingsPerCase?: number | undefined;
}

function fileSuite(file: FileValidation, max: number): string {
  const name = file.resource ? `${file.resource} (${file.path})` : file.path;
  if (file.skipped !== undefined) {
    return `  <testsuite name="${escapeXml(name)}" tests="1" failures="0" errors="0" skipped="1">\n    <testcase classname="${escapeXml(name)}" name="read"><skipped message="${escapeXml(file.skipped)}"/></testcase>\n  </testsuite>\n`;
  }
  const cases: string[] = [];
  let failures = 0;
  for (const check of file.checks) {
    const caseName = check.field === null ? check.code : `${check.field} ${check.code}`;
    const open = `    <testcase classname="${escapeXml(name)}" name="${escapeXml(caseName)}"`;
    if (check.failures === 0) {
      cases.push(`${open}/>`);
      continue;
    }
    failures++;
    const matching = file.errors.filter((f) => f.code === check.code && (check.field === null ? true : f.field === check.field));
    const shown = matching.slice(0, max).map((f) => `${file.path}${f.line !== null ? `:${f.line}` : ''}: ${f.field ?? ''}${f.field ? ': ' : ''}${f.message}`);
    if (check.failures > shown.length) shown.push(`… and ${check.failures - shown.length} more; all findings in validation.json`);
    const message = `${check.failures} finding${check.failures === 1 ? '' : 's'}`;
    cases.push(`${open}>\n      <failure message="${escapeXml(message)}" type="${escapeXml(check.code)}">${escapeXml(shown.join('\n'))}</failure>\n    </testcase>`);
  }
  return `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>\n`;
}

/** Renders the whole validation as a JUnit XML document. */
export function renderJUnit(result: ValidationResult, options: JUnitOptions = {}): string {
  const max = options.maxFindingsPerCase ?? 20;
  const suites = result.files.map((f) => fileSuite(f, max));
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const f of result.files) {
    if (f.skipped !== undefined) {
      tests++;
      skipped++;
      continue;
    }
    tests += f.checks.length;
    failures += f.checks.filter((c) => c.failures > 0).length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mlci validate" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join('')}</testsuites>\n`;
}
