import type { DriftResult } from './drift.js';

// '@' as an entity so a column named like a user or team does not notify anyone from a PR comment.
const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '@': '&#64;' };

/** Escapes untrusted text (column names, values) for a Markdown table cell: emphasis, code, links, pipes and HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|<>~&@]/g, (c) => ESCAPES[c] ?? `\\${c}`);
}

function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  if (x !== 0 && Math.abs(x) < 10 ** -digits) return x.toExponential(1);
  return String(Number(x.toFixed(digits)));
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? num(v) : escapeMarkdown(String(v));
}

const TEST_NAMES: Record<string, string> = {
  ks: 'K–S',
  chisquare: 'chi-square',
  ztest: 'z-test',
  wasserstein: 'Wasserstein (norm.)',
  jensenshannon: 'Jensen–Shannon',
  psi: 'PSI',
  l_infinity: 'L∞',
};

/** The drift section of the PR report: a verdict line and one row per column, drifted columns first. */
export function renderDriftMarkdown(result: DriftResult): string {
  const lines: string[] = [];
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const verdict = result.drifted ? '**Dataset drift detected**' : 'No dataset drift';
  lines.push(
    `${verdict}: ${result.driftedColumns} of ${result.testedColumns} columns drifted (${pct(result.share)}; threshold ${pct(result.shareThreshold)}).`,
  );
  for (const role of ['target', 'prediction'] as const) {
    const r = result[role];
    if (r) lines.push(`${role === 'target' ? 'Label' : 'Prediction'} drift (\`${escapeMarkdown(r.column)}\`): ${r.drifted ? '**drifted**' : 'none'}.`);
  }
  lines.push('');
  lines.push('| Column | Test | Score | p-value | Threshold | Drift | Reference | Current |');
  lines.push('|---|---|--:|--:|--:|:-:|---|---|');
  const entries = Object.entries(result.columns).sort(([a, x], [b, y]) => Number(y.drifted) - Number(x.drifted) || (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, c] of entries) {
    const side = (s: typeof c.reference) =>
      s.mean !== undefined ? `mean ${value(s.mean)}, std ${num(s.std)}` : s.top && s.top.length > 0 ? `top ${value(s.top[0]!.value)} (${s.top[0]!.count})` : `${s.count} values`;
    // Sketch-based scores carry their bound when one is known, else are marked approximate.
    const score = c.bound !== undefined ? `${num(c.score)} ± ${num(c.bound)}` : c.basis === 'sketch' ? `≈ ${num(c.score)}` : num(c.score);
    lines.push(
      `| ${escapeMarkdown(name)} | ${TEST_NAMES[c.test] ?? c.test} | ${score} | ${num(c.pvalue, 4)} | ${num(c.threshold)} | ${c.drifted ? '🔴 yes' : 'no'} | ${side(c.reference)} | ${side(c.current)} |`,
    );
  }
  if (result.skipped.length > 0) {
    lines.push('');
    lines.push(`Not tested: ${result.skipped.map((s) => `${escapeMarkdown(s.column)} (${escapeMarkdown(s.reason)})`).join('; ')}.`);
  }
  return lines.join('\n') + '\n';
}
