import { markdownTable } from 'markdown-table';
import type { Comparison, ComparedMetric, Violation } from '../compare/compare.js';
import type { DriftResult } from '../drift/drift.js';
import { renderDriftMarkdown } from '../drift/markdown.js';
import type { BaselineSourceInfo } from '../ports.js';
import { escapeCode, escapeHtml, escapeText, mermaidLabel } from './escape.js';
import { formatNumber, formatP, formatPct, formatSigned, plural } from './format.js';

/**
 * The PR report: a one-line verdict, the metrics table, a Mermaid chart, then collapsible details (confusion matrix,
 * slices, data validation, drift, notes). Every untrusted string goes through escape.ts.
 */

export interface ReportLinks {
  /** URL of the workflow run / pipeline that produced the report. */
  run?: string | undefined;
  /** Web URL of a commit, for linking baseline and current commits. */
  commit?: ((sha: string) => string) | undefined;
}

export interface ReportInput {
  /** Shown in the heading, e.g. the report name. Untrusted (escaped). */
  title?: string | undefined;
  comparison?: Comparison | undefined;
  /** evaluation.json or metrics.json from `mlci evaluate` (confusion matrix, slices). */
  evaluation?: unknown;
  /** validation.json from `mlci validate`. */
  validation?: unknown;
  /** drift.json from `mlci drift`. */
  drift?: unknown;
  /** Markdown already rendered (and escaped) by the drift step; preferred over `drift` when given. */
  driftMarkdown?: string | undefined;
  links?: ReportLinks | undefined;
  /** Tool name and version for the footer. */
  generator?: string | undefined;
}

export type ReportStatus = 'passed' | 'failed' | 'no-baseline' | 'no-comparison';

export interface RenderedReport {
  markdown: string;
  /** The verdict line, plain text (for logs and notices). */
  verdict: string;
  status: ReportStatus;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- verdict ---------------------------------------------------------------------------------------------------

function validationState(v: unknown): { invalid: boolean; errors: number; warnings: number } | undefined {
  if (!isRecord(v) || typeof v.valid !== 'boolean') return undefined;
  return { invalid: !v.valid, errors: Number(v.errorCount ?? 0), warnings: Number(v.warningCount ?? 0) };
}

function verdict(input: ReportInput): { icon: string; headline: string; detail: string; status: ReportStatus } {
  const c = input.comparison;
  const validation = validationState(input.validation);
  const dataNote = validation?.invalid ? `; data validation failed (${plural(validation.errors, 'error')})` : '';
  if (!c) {
    if (validation?.invalid) return { icon: '❌', headline: 'Data validation failed', detail: plural(validation.errors, 'error'), status: 'failed' };
    return { icon: 'ℹ️', headline: 'No comparison', detail: 'no comparison.json was given', status: 'no-comparison' };
  }
  const s = c.summary;
  if (!c.passed) {
    const messages = [...c.violations, ...c.rows.flatMap((r) => r.violations)].map((v) => v.message);
    const shown = messages.slice(0, 2).join('; ') + (messages.length > 2 ? `; and ${messages.length - 2} more` : '');
    return { icon: '❌', headline: `${plural(messages.length, 'rule')} broken`, detail: shown + dataNote, status: 'failed' };
  }
  if (!c.baseline.found) {
    return {
      icon: '🆕',
      headline: 'No baseline yet',
      detail: `showing current metrics only; comparisons start once the default branch has metrics${dataNote}`,
      status: validation?.invalid ? 'failed' : 'no-baseline',
    };
  }
  const counts = [`${s.improved} improved`, `${s.regressed} regressed`, `${s.unchanged} unchanged`];
  if (s.changed) counts.push(`${s.changed} changed`);
  if (s.new) counts.push(`${s.new} new`);
  if (s.removed) counts.push(`${s.removed} removed`);
  const status: ReportStatus = validation?.invalid ? 'failed' : 'passed';
  if (s.regressed > 0) {
    const significant = c.rows.filter((r) => r.status === 'regressed' && r.significant === true).length;
    const noise = significant > 0 ? `${significant} beyond noise` : c.rows.some((r) => r.status === 'regressed' && r.significant === false) ? 'within noise' : 'noise unknown';
    return { icon: validation?.invalid ? '❌' : '⚠️', headline: `No rule broken, ${plural(s.regressed, 'metric')} worse than baseline`, detail: `${counts.join(', ')} (${noise})${dataNote}`, status };
  }
  if (s.improved > 0) return { icon: validation?.invalid ? '❌' : '✅', headline: 'Better than baseline', detail: counts.join(', ') + dataNote, status };
  return { icon: validation?.invalid ? '❌' : '✅', headline: 'Same as baseline', detail: counts.join(', ') + dataNote, status };
}

// ---- metrics table ---------------------------------------------------------------------------------------------

function movement(r: ComparedMetric): string {
  const arrow = r.delta === null || r.delta === 0 ? '' : r.delta > 0 ? '↑' : '↓';
  switch (r.status) {
    case 'improved': return `🟢 ${arrow} better`;
    case 'regressed': return `🔴 ${arrow} worse`;
    case 'changed': return `⚪ ${arrow} changed`;
    case 'unchanged': return isRounding(r) ? '= same' : '≈ within tolerance';
    case 'new': return '🆕 new';
    case 'removed': return '➖ removed';
    case 'missing': return '❔ missing';
  }
}

/** A delta that is float rounding, not a real difference (compare treats it as unchanged too). */
function isRounding(r: ComparedMetric): boolean {
  return r.delta === null || Math.abs(r.delta) <= 1e-12 * Math.max(Math.abs(r.baseline ?? 0), Math.abs(r.current ?? 0), 1);
}

function noise(r: ComparedMetric): string {
  if (r.status === 'unchanged' || r.delta === null) return '—';
  const s = r.significance;
  if (!s || r.significant === null) return 'can’t tell';
  const how = s.method === 'mcnemar' ? `McNemar, ${formatP(s.p_value!)}` : s.method === 'intervals' ? `CIs, ${formatP(s.p_value!)}` : `paired bootstrap, Δ ∈ [${formatSigned(s.delta_interval![0])}, ${formatSigned(s.delta_interval![1])}]`;
  return `${r.significant ? '**yes**' : 'no'} (${how})`;
}

function violationText(v: Violation): string {
  const limit = typeof v.limit === 'number' ? formatNumber(v.limit) : '';
  switch (v.rule) {
    case 'min': return `below min ${limit}`;
    case 'max': return `above max ${limit}`;
    case 'max_regression': return `worse by ${formatNumber(v.actual)} (max ${limit})`;
    case 'max_regression_pct': return `worse by ${v.actual === null ? '∞' : formatPct(v.actual).replace('+', '')} (max ${limit}%)`;
    case 'required': return 'required but missing';
    case 'significant_regression': return 'regressed beyond noise';
    case 'require_baseline': return 'baseline required';
  }
}

function rules(r: ComparedMetric): string {
  if (r.violations.length === 0) return r.rule !== null ? '✅' : '';
  return r.violations.map((v) => `❌ ${violationText(v)}`).join('<br>');
}

/** Only http(s) URLs, with the characters that end a Markdown link target encoded. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  return encodeURI(decodeURISafe(url)).replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeURISafe(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

function metricsTable(c: Comparison): string {
  const header = ['Metric', 'Baseline', 'Current', 'Δ', '', 'Beyond noise', 'Rules'];
  const rows = c.rows.map((r) => [
    escapeCode(r.metric),
    formatNumber(r.baseline),
    formatNumber(r.current),
    // A change within the metric's tolerance is shown as it is: only its status says it does not count.
    r.delta === null ? '—' : isRounding(r) ? '0' : `${formatSigned(r.delta)}${r.delta_pct !== null ? ` (${formatPct(r.delta_pct)})` : ''}`,
    movement(r),
    noise(r),
    rules(r),
  ]);
  return markdownTable([header, ...rows], { align: ['l', 'r', 'r', 'r', 'l', 'l', 'l'], alignDelimiters: false });
}

// ---- charts ----------------------------------------------------------------------------------------------------

const MAX_CHART_METRICS = 12;

function num(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** Mermaid xychart-beta: current as bars, baseline as a line, for scores between 0 and 1; renders on GitHub and GitLab without an image host. */
export function scoreChart(c: Comparison): string | undefined {
  const rows = c.rows.filter((r) => r.current !== null && r.current >= 0 && r.current <= 1 && (r.baseline === null || (r.baseline >= 0 && r.baseline <= 1)) && r.direction === 'higher').slice(0, MAX_CHART_METRICS);
  if (rows.length === 0) return undefined;
  const withBaseline = rows.every((r) => r.baseline !== null);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${withBaseline ? 'Scores: current (bars) vs baseline (line)' : 'Scores (current)'}"`,
    `  x-axis [${rows.map((r) => `"${mermaidLabel(r.metric)}"`).join(', ')}]`,
    '  y-axis "score" 0 --> 1',
    `  bar [${rows.map((r) => num(r.current!)).join(', ')}]`,
    ...(withBaseline ? [`  line [${rows.map((r) => num(r.baseline!)).join(', ')}]`] : []),
    '```',
  ].join('\n');
}

/** Mermaid xychart-beta of percent change with the sign turned so that up is always better. */
export function changeChart(c: Comparison): string | undefined {
  const rows = c.rows.filter((r) => r.direction !== null && r.delta_pct !== null && Number.isFinite(r.delta_pct) && r.status !== 'unchanged').slice(0, MAX_CHART_METRICS);
  if (rows.length === 0) return undefined;
  const values = rows.map((r) => (r.direction === 'higher' ? r.delta_pct! : -r.delta_pct!));
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const pad = (hi - lo) * 0.1 || 1;
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Change vs baseline, % (up is better)"',
    `  x-axis [${rows.map((r) => `"${mermaidLabel(r.metric)}"`).join(', ')}]`,
    `  y-axis "%" ${num(lo < 0 ? lo - pad : 0)} --> ${num(hi + pad)}`,
    `  bar [${values.map(num).join(', ')}]`,
    '```',
  ].join('\n');
}

// ---- details sections ------------------------------------------------------------------------------------------

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

const MAX_MATRIX_CLASSES = 20;

function confusionSection(evaluation: unknown): string | undefined {
  if (!isRecord(evaluation)) return undefined;
  const matrix = (evaluation.confusion ?? evaluation.confusion_matrix) as unknown;
  const labels = (evaluation.classes ?? evaluation.labels) as unknown;
  if (!Array.isArray(matrix) || !matrix.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'))) return undefined;
  const k = matrix.length;
  const names = Array.isArray(labels) && labels.length === k ? labels.map(String) : matrix.map((_, i) => String(i));
  if (k > MAX_MATRIX_CLASSES) return details('Confusion matrix', `${k} classes: too many to show here; see evaluation.json.`);
  const header = ['true ↓ / predicted →', ...names.map(escapeCode)];
  const rows = (matrix as number[][]).map((row, i) => [escapeCode(names[i]!), ...row.map((v, j) => (i === j ? `**${v}**` : String(v)))]);
  return details('Confusion matrix', markdownTable([header, ...rows], { alignDelimiters: false, align: ['l', ...names.map(() => 'r' as const)] }));
}

interface SliceTable {
  column: string;
  slices: Array<{ value: string; rows: number; metrics: Record<string, number> }>;
}

function slicesOf(evaluation: unknown): SliceTable[] {
  if (!isRecord(evaluation)) return [];
  const s = evaluation.slices;
  // evaluation.json: [{ column, slices: [{ value, rows, metrics }] }]
  if (Array.isArray(s)) {
    return s.filter(isRecord).map((x) => ({
      column: String(x.column),
      slices: (Array.isArray(x.slices) ? x.slices : []).filter(isRecord).map((y) => ({ value: String(y.value), rows: Number(y.rows), metrics: isRecord(y.metrics) ? (y.metrics as Record<string, number>) : {} })),
    }));
  }
  // metrics.json: { column: { value: { rows, ...metrics } } }
  if (isRecord(s)) {
    return Object.entries(s).map(([column, values]) => ({
      column,
      slices: Object.entries(isRecord(values) ? values : {}).filter(([, v]) => isRecord(v)).map(([value, v]) => {
        const { rows, ...metrics } = v as Json;
        return { value, rows: Number(rows), metrics: Object.fromEntries(Object.entries(metrics).filter(([, x]) => typeof x === 'number')) as Record<string, number> };
      }),
    }));
  }
  return [];
}

function slicesSection(evaluation: unknown): string | undefined {
  const tables = slicesOf(evaluation).filter((t) => t.slices.length > 0);
  if (tables.length === 0) return undefined;
  const body = tables.map((t) => {
    const names = [...new Set(t.slices.flatMap((s) => Object.keys(s.metrics)))].slice(0, 6);
    const rows = t.slices.map((s) => [escapeCode(s.value), String(s.rows), ...names.map((n) => formatNumber(s.metrics[n]))]);
    return `**By ${escapeText(t.column)}**\n\n${markdownTable([['Value', 'Rows', ...names.map(escapeCode)], ...rows], { alignDelimiters: false, align: ['l', 'r', ...names.map(() => 'r' as const)] })}`;
  });
  return details(`Slices (${tables.map((t) => escapeHtml(t.column)).join(', ')})`, body.join('\n\n'));
}

const MAX_FINDINGS = 30;

function validationSection(validation: unknown): string | undefined {
  if (!isRecord(validation) || typeof validation.valid !== 'boolean') return undefined;
  const files = (Array.isArray(validation.files) ? validation.files : []).filter(isRecord);
  const errors = Number(validation.errorCount ?? 0);
  const warnings = Number(validation.warningCount ?? 0);
  const summary = `Data validation: ${validation.valid ? '✅ valid' : `❌ ${plural(errors, 'error')}`}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in ${plural(files.length, 'file')}`;
  const fileTable = markdownTable(
    [['File', 'Rows', 'Errors', 'Warnings'], ...files.map((f) => [escapeCode(String(f.path)), formatNumber(Number(f.rows ?? 0)), String(f.errorCount ?? 0), String(Array.isArray(f.warnings) ? f.warnings.length : 0)])],
    { alignDelimiters: false, align: ['l', 'r', 'r', 'r'] },
  );
  const findings = files.flatMap((f) => [...(Array.isArray(f.errors) ? f.errors : []), ...(Array.isArray(f.warnings) ? f.warnings : [])].filter(isRecord).map((x): Json & { file: string } => ({ ...x, file: String(f.path) })));
  let body = fileTable;
  if (findings.length > 0) {
    const shown = findings.slice(0, MAX_FINDINGS);
    const rows = shown.map((x) => [escapeCode(x.line === null || x.line === undefined ? x.file : `${x.file}:${String(x.line)}`), x.field === null || x.field === undefined ? '' : escapeCode(String(x.field)), escapeCode(String(x.code)), escapeText(String(x.message ?? ''))]);
    body += `\n\n${markdownTable([['Where', 'Column', 'Check', 'Finding'], ...rows], { alignDelimiters: false })}`;
    if (findings.length > shown.length) body += `\n\n${findings.length - shown.length} more findings in validation.json.`;
  }
  return details(summary, body);
}

function driftSection(input: ReportInput): string | undefined {
  if (input.driftMarkdown) return details('Drift', input.driftMarkdown.trim());
  const d = input.drift;
  if (!isRecord(d)) return undefined;
  // drift.json from `mlci drift`: its own renderer (which escapes column names) draws the table.
  if (isRecord(d.columns) && typeof d.testedColumns === 'number' && typeof d.driftedColumns === 'number') {
    const result = d as unknown as DriftResult;
    const summary = result.drifted ? `Drift: ⚠️ detected in ${result.driftedColumns} of ${result.testedColumns} columns` : `Drift: none detected (${result.testedColumns} columns tested)`;
    return details(summary, renderDriftMarkdown(result).trim());
  }
  const columns = (Array.isArray(d.columns) ? d.columns : []).filter(isRecord);
  const drifted = d.drifted === true;
  const share = typeof d.share === 'number' ? ` (${formatPct(d.share * 100).replace('+', '')} of columns)` : '';
  const rows = columns.map((c) => [
    escapeCode(String(c.name ?? c.column ?? '')),
    escapeText(String(c.method ?? c.test ?? '')),
    formatNumber(typeof c.statistic === 'number' ? c.statistic : typeof c.score === 'number' ? c.score : null),
    typeof c.p_value === 'number' ? formatNumber(c.p_value) : '—',
    c.drifted === true ? '⚠️ drift' : 'ok',
  ]);
  const body = rows.length ? markdownTable([['Column', 'Test', 'Statistic', 'p-value', ''], ...rows], { alignDelimiters: false }) : 'No per-column results.';
  return details(`Drift: ${drifted ? `⚠️ detected${share}` : 'none detected'}`, body);
}

function baselineLine(source: BaselineSourceInfo & { found: boolean }, links: ReportLinks | undefined): string {
  if (!source.found) return `**Baseline:** none yet (${escapeText(source.description)}).`;
  const parts = [escapeText(source.description)];
  const runUrl = safeUrl(source.url);
  if (source.runId !== undefined) parts.push(runUrl ? `[run ${escapeText(String(source.runId))}](${runUrl})` : `run ${escapeText(String(source.runId))}`);
  if (source.commit) {
    const short = escapeCode(source.commit.slice(0, 7));
    const commitUrl = links?.commit ? safeUrl(links.commit(source.commit)) : undefined;
    parts.push(commitUrl ? `commit [${short}](${commitUrl})` : `commit ${short}`);
  }
  return `**Baseline:** ${parts.join(' · ')}`;
}

export function renderReport(input: ReportInput): RenderedReport {
  const v = verdict(input);
  const title = input.title ? `mlci: ${escapeText(input.title)}` : 'mlci report';
  const blocks: string[] = [`### ${v.icon} ${title}`, `**${v.headline}** — ${escapeText(v.detail)}`];
  const c = input.comparison;
  if (c) {
    blocks.push(baselineLine(c.baseline, input.links));
    if (c.rows.length > 0) blocks.push(metricsTable(c));
    else blocks.push('_No metrics on either side._');
    const charts = [scoreChart(c), c.baseline.found ? changeChart(c) : undefined].filter((x): x is string => x !== undefined);
    if (charts.length) blocks.push(...charts);
  }
  const sections = [confusionSection(input.evaluation), slicesSection(input.evaluation), validationSection(input.validation), driftSection(input)].filter((x): x is string => x !== undefined);
  blocks.push(...sections);
  if (c && (c.notes.length > 0 || c.rows.length > 0)) {
    const notes = [
      ...c.notes.map(escapeText),
      `Arrows show the value's movement; 🟢/🔴 say whether that is better or worse for the metric's direction (set per metric in mlci.yml under \`metrics:\`).`,
      `“Beyond noise” uses McNemar's exact test on per-row correctness for accuracy, a paired bootstrap for other metrics with per-row outcomes, or both sides' bootstrap intervals; α = ${c.alpha}. “can’t tell” means neither side kept outcomes or intervals.`,
    ];
    blocks.push(details('How to read this report', notes.map((n) => `- ${n}`).join('\n')));
  }
  const footer = [input.generator ? escapeText(input.generator) : 'mlci', safeUrl(input.links?.run) ? `[workflow run](${safeUrl(input.links?.run)})` : undefined].filter(Boolean).join(' · ');
  blocks.push(`<sub>${footer}</sub>`);
  return { markdown: blocks.join('\n\n') + '\n', verdict: `${v.headline}: ${v.detail}`, status: v.status };
}
