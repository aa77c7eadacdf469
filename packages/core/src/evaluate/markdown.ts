/** Job-summary Markdown for an evaluation: headline metrics with intervals, confusion matrix, per-class figures, slices. */
import { MAX_DRAWS } from '../metrics/bootstrap.js';
import type { EvaluationResult } from './evaluate.js';

/** Escapes untrusted text (labels, column names, paths) for a Markdown table cell. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(/\r?\n/g, ' ');
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toFixed(4);
}

const HEADLINE_ORDER = [
  'accuracy', 'balanced_accuracy', 'f1_macro', 'f1_weighted', 'precision_macro', 'recall_macro', 'precision_weighted', 'recall_weighted',
  'log_loss', 'roc_auc', 'pr_auc', 'roc_auc_ovr', 'mae', 'mse', 'rmse', 'r2', 'mape', 'median_ae',
];
const OPERATIONAL = ['rows', 'latency_ms_p50', 'latency_ms_p95', 'throughput_rows_per_s', 'model_size_bytes'];

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function renderEvaluationMarkdown(r: EvaluationResult, title = 'Model evaluation'): string {
  const out: string[] = [];
  out.push(`### ${escapeMarkdown(title)}`, '');
  out.push(`${r.task === 'classification' ? 'Classification' : 'Regression'} on ${formatNumber(r.data.rows)} rows of \`${r.data.path.replaceAll('`', "'")}\`, target \`${r.data.target.replaceAll('`', "'")}\`, ${r.data.features.length} features.`, '');
  const ci = r.bootstrap.resamples > 0;
  const headline = HEADLINE_ORDER.filter((k) => r.metrics[k] !== undefined).map((k) => {
    const iv = r.intervals[k];
    return [k, formatNumber(r.metrics[k]!), ...(ci ? [iv ? `${formatNumber(iv.low)} – ${formatNumber(iv.high)}` : ''] : [])];
  });
  out.push(table(['Metric', 'Value', ...(ci ? ['95% CI'] : [])], headline), '');
  if (ci) out.push(`Intervals: percentile bootstrap, ${r.bootstrap.resamples} resamples${r.bootstrap.requested ? ` (of ${r.bootstrap.requested} asked: capped at ${MAX_DRAWS.toExponential(1)} row draws)` : ''}, seed ${r.bootstrap.seed}.`, '');
  out.push(table(['Operational', 'Value'], OPERATIONAL.filter((k) => r.metrics[k] !== undefined).map((k) => [k, formatNumber(r.metrics[k]!)])), '');
  out.push(`Latency is per batch of ${formatNumber(r.timing.batchRows)} rows; throughput counts model time only.`, '');
  if (r.classes && r.confusion) {
    const labels = r.classes.map(escapeMarkdown);
    out.push('<details><summary>Confusion matrix (rows: true class, columns: predicted)</summary>', '');
    out.push(table(['true \\ predicted', ...labels], r.confusion.map((row, i) => [labels[i]!, ...row.map((v) => formatNumber(v))])), '', '</details>', '');
  }
  if (r.perClass) {
    out.push('<details><summary>Per class</summary>', '');
    out.push(table(['Class', 'Precision', 'Recall', 'F1', 'Support'], r.perClass.map((c) => [escapeMarkdown(c.label), formatNumber(c.precision), formatNumber(c.recall), formatNumber(c.f1), formatNumber(c.support)])), '', '</details>', '');
  }
  for (const s of r.slices) {
    const keys = Object.keys(s.slices[0]?.metrics ?? {});
    out.push(`<details><summary>Slices by ${escapeMarkdown(s.column)}</summary>`, '');
    out.push(table([escapeMarkdown(s.column), 'Rows', ...keys], s.slices.map((x) => [escapeMarkdown(x.value), formatNumber(x.rows), ...keys.map((k) => formatNumber(x.metrics[k]!))])), '');
    if (s.omittedValues > 0) out.push('', `${s.omittedValues} more values not shown (smallest slices).`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
