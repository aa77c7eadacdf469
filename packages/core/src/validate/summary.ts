import { markdownTable } from 'markdown-table';
import { escapeCode, escapeText } from '../report/escape.js';
import { plural } from '../report/format.js';
import type { CodeCounts, FileValidation, ValidationResult } from './types.js';

export interface ValidationSummaryOptions {
  /** Findings listed per file below its table (all are in validation.json). */
  findingsPerFile?: number;
  /** Where the full findings are, named in the text (e.g. the validation.json path or artifact name). */
  reportPath?: string;
}

function codeList(counts: CodeCounts): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([code, n]) => `${code} ×${n}`);
  return parts.join(', ');
}

function fileHeading(file: FileValidation): string {
  const name = escapeCode(file.resource ? `${file.resource} (${file.path})` : file.path);
  if (file.skipped) return `#### ⏭️ ${name} — not validated: ${escapeText(file.skipped)}`;
  const verdict = file.errorCount === 0 ? '✅ valid' : `❌ ${plural(file.errorCount, 'error')}`;
  const warn = file.warnings.length ? `, ⚠️ ${plural(file.warnings.length, 'warning')}` : '';
  return `#### ${name} — ${verdict}${warn}, ${plural(file.rows, 'row')}`;
}

/** The job summary of a validation: a verdict, then per file a per-column table and the first findings. */
export function renderValidationSummary(result: ValidationResult, options: ValidationSummaryOptions = {}): string {
  const perFile = options.findingsPerFile ?? 10;
  const out: string[] = [];
  const verdict = result.valid
    ? `✅ **Data valid**: ${plural(result.files.length - result.skippedCount, 'file')} passed every check`
    : `❌ **Data invalid**: ${plural(result.errorCount, 'error')} in ${plural(result.files.filter((f) => f.errorCount > 0).length, 'file')}`;
  const extra = [
    result.warningCount ? `⚠️ ${plural(result.warningCount, 'warning')}` : '',
    result.skippedCount ? `⏭️ ${plural(result.skippedCount, 'file')} not validated` : '',
  ].filter(Boolean);
  out.push(`### Data validation\n\n${verdict}${extra.length ? ` · ${extra.join(' · ')}` : ''}`);

  for (const file of result.files) {
    out.push(fileHeading(file));
    if (file.skipped) continue;
    const rows = file.columns.map((c) => {
      const errors = codeList(c.errors);
      const warnings = codeList(c.warnings);
      const status = !c.present ? '❌ missing' : errors ? '❌' : warnings ? '⚠️' : '✅';
      return [status, escapeCode(c.name), escapeText(c.type), String(c.missing), String(c.invalid), errors || '—', warnings || '—'];
    });
    out.push(markdownTable([['', 'column', 'type', 'missing', 'invalid', 'errors', 'warnings'], ...rows], { align: ['c', 'l', 'l', 'r', 'r', 'l', 'l'] }));
    const fileLevel = codeList(file.fileFindings);
    if (fileLevel) out.push(`File-level findings: ${fileLevel}.`);
    const findings = [...file.errors, ...file.warnings];
    if (findings.length > 0) {
      const shown = findings.slice(0, perFile).map((f) => {
        const where = f.line === null ? '' : `line ${f.line}`;
        const field = f.field === null ? '' : ` ${escapeCode(f.field)}`;
        return `- ${where}${field}: ${escapeText(f.message)} (\`${f.code}\`)`;
      });
      const more = file.errorCount + file.warnings.length - shown.length;
      const tail = more > 0 ? `\n- … and ${plural(more, 'more finding')}${options.reportPath ? ` in ${escapeCode(options.reportPath)}` : ''}` : '';
      out.push(`<details><summary>Findings</summary>\n\n${shown.join('\n')}${tail}\n\n</details>`);
    }
  }
  return out.join('\n\n') + '\n';
}
