import { describe, expect, it } from 'vitest';
import { compareMetrics } from '../compare/compare.js';
import { metricsSet } from '../compare/metrics-file.js';
import { escapeCode, escapeText } from './escape.js';
import { renderReport } from './render.js';
import { GITHUB_COMMENT_LIMIT, truncateMarkdown } from './truncate.js';

const run = { kind: 'workflow-run' as const, description: 'latest successful run on main', runId: 42, commit: 'abcdef1234567890', url: 'https://github.com/o/r/actions/runs/42' };

/** Cells of a GFM table row, splitting on pipes that are not backslash-escaped (GFM's rule, also inside code). */
function cells(row: string): string[] {
  return row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('|'));
}

describe('escaping untrusted text', () => {
  it('neutralises HTML, mentions, references, emphasis, pipes and newlines', () => {
    const hostile = '<img src=x onerror=alert(1)> @octocat @org/team #12 *bold* | `tick` [link](javascript:x)\nnext';
    const out = escapeText(hostile);
    expect(out).not.toMatch(/<img/);
    expect(out).toContain('&lt;img');
    expect(out).not.toMatch(/@octocat|@org/);
    expect(out).toContain('@&#8203;octocat');
    expect(out).toContain('\\#12');
    expect(out).toContain('\\*bold\\*');
    expect(out).toContain('\\|');
    expect(out).toContain('\\`tick\\`');
    expect(out).toContain('\\[link\\]\\(javascript:x\\)');
    expect(out).not.toContain('\n');
    // Line-start markers are escaped so that GitHub renders the text as written, without a visible backslash.
    expect(escapeText('1.5')).toBe('1\\.5');
    expect(escapeText('- item')).toBe('\\- item');
    // '>' is already an entity, which never opens a blockquote.
    expect(escapeText('> quote')).toBe('&gt; quote');
        const code = escapeCode('a|b <script> @x');
    expect(code).toBe('<code>a&#124;b &lt;script&gt; @&#8203;x</code>');
  });
});

describe('renderReport', () => {
  it('writes a verdict, a baseline line with links, a metrics table whose arrows respect direction, and charts', () => {
    const comparison = compareMetrics({
      current: metricsSet({ accuracy: 0.92, f1_macro: 0.85, log_loss: 0.2, latency_ms_p50: 14 }),
      baseline: metricsSet({ accuracy: 0.9, f1_macro: 0.86, log_loss: 0.25, latency_ms_p50: 12 }),
      baselineSource: run,
    });
    const { markdown, status, verdict } = renderReport({ comparison, title: 'iris', links: { run: 'https://github.com/o/r/actions/runs/43', commit: (sha) => `https://github.com/o/r/commit/${sha}` } });
    expect(status).toBe('passed');
    expect(verdict).toBe('No rule broken, 2 metrics worse than baseline: 2 improved, 2 regressed, 0 unchanged (noise unknown)');
    expect(markdown.split('\n')[0]).toBe('### ⚠️ mlci: iris');
    expect(markdown).toContain('[run 42](https://github.com/o/r/actions/runs/42)');
    expect(markdown).toContain('commit [<code>abcdef1</code>](https://github.com/o/r/commit/abcdef1234567890)');
    const rows = Object.fromEntries(tableRows(markdown).slice(2).map((r) => [cells(r)[0]!.trim(), cells(r).map((c) => c.trim())]));
    expect(rows['<code>accuracy</code>']!.slice(1, 5)).toEqual(['0.9', '0.92', '+0.02 (+2.22%)', '🟢 ↑ better']);
    // Loss fell: the value moves down and that is better.
    expect(rows['<code>log_loss</code>']![4]).toBe('🟢 ↓ better');
    expect(rows['<code>latency_ms_p50</code>']!.slice(3, 5)).toEqual(['+2 (+16.7%)', '🔴 ↑ worse']);
    expect(rows['<code>accuracy</code>']![5]).toBe('can’t tell');
    // Regressions come first in the table and charts.
    expect(tableRows(markdown).slice(2).map((r) => cells(r)[0]!.trim())).toEqual(['<code>f1_macro</code>', '<code>latency_ms_p50</code>', '<code>accuracy</code>', '<code>log_loss</code>']);
    expect(markdown).toContain('```mermaid\nxychart-beta\n  title "Scores: current (bars) vs baseline (line)"\n  x-axis ["f1_macro", "accuracy"]');
    expect(markdown).toContain('  bar [0.85, 0.92]\n  line [0.86, 0.9]');
    // Change chart, up = better: f1 0.86 → 0.85 is −1.16%, latency 12 → 14 is −16.7%, accuracy +2.22%, log_loss 0.25 → 0.2 is +20%.
    expect(markdown).toMatch(/title "Change vs baseline, % \(up is better\)"[\s\S]*bar \[-1\.16279, -16\.6667, 2\.22222, 20\]/);
    expect(markdown).toContain('[workflow run](https://github.com/o/r/actions/runs/43)');
  });

  it('leads with the broken rules when the comparison failed', () => {
    const comparison = compareMetrics({
      current: metricsSet({ accuracy: 0.8 }),
      baseline: metricsSet({ accuracy: 0.9 }),
      baselineSource: run,
      rules: { accuracy: { min: 0.85, max_regression: 0.02 } },
    });
    const r = renderReport({ comparison });
    expect(r.status).toBe('failed');
    expect(r.markdown.split('\n')[0]).toBe('### ❌ mlci report');
    expect(r.markdown).toContain('**2 rules broken** — accuracy = 0.8 is below the minimum 0.85; accuracy regressed by 0.1, more than the allowed 0.02');
    expect(r.markdown).toContain('❌ below min 0.85<br>❌ worse by 0.1 (max 0.02)');
  });

  it('shows the real delta of a change within tolerance, and 0 only for float rounding', () => {
    const comparison = compareMetrics({
      current: metricsSet({ latency_ms_p50: 4.4, accuracy: 0.1 + 0.2 }),
      baseline: metricsSet({ latency_ms_p50: 1.5, accuracy: 0.3 }),
      baselineSource: run,
      rules: { latency_ms_p50: { tolerance: 5 } },
    });
    const rows = tableRows(renderReport({ comparison }).markdown);
    const latency = rows.find((r) => r.includes('latency_ms_p50'))!;
    expect(latency).toContain('+2.9');
    expect(latency).toContain('≈ within tolerance');
    const accuracy = rows.find((r) => r.includes('<code>accuracy</code>'))!;
    expect(accuracy).toMatch(/\| 0 \| = same \|/);
  });

  it('says "no baseline yet" and still shows the current metrics', () => {
    const comparison = compareMetrics({ current: metricsSet({ accuracy: 0.9 }), baseline: undefined, baselineSource: { kind: 'none', description: 'no successful run on main has the artifact mlci-metrics' } });
    const r = renderReport({ comparison });
    expect(r.status).toBe('no-baseline');
    expect(r.markdown).toContain('**No baseline yet**');
    expect(r.markdown).toContain('**Baseline:** none yet (no successful run on main has the artifact mlci-metrics).');
    expect(r.markdown).toContain('title "Scores (current)"');
    expect(r.markdown).not.toContain('Change vs baseline');
  });

  it('keeps hostile metric, column, file and label names inert everywhere', () => {
    const evil = '<script>alert(1)</script> | @admin ```\n# x';
    const comparison = compareMetrics({ current: metricsSet({ [evil]: 0.5, accuracy: 0.9 }), baseline: metricsSet({ [evil]: 0.4, accuracy: 0.9 }), baselineSource: { ...run, description: '@everyone on <b>main</b>' } });
    const r = renderReport({
      comparison,
      title: '@boss <h1>',
      evaluation: { labels: [evil, 'b'], confusion_matrix: [[1, 2], [3, 4]], slices: { [evil]: { [`v ${evil}`]: { rows: 3, accuracy: 1 } } } },
      validation: { valid: false, errorCount: 1, warningCount: 0, files: [{ path: `data/${evil}.csv`, rows: 10, errorCount: 1, errors: [{ line: 3, field: evil, code: 'type', message: `value ${evil} is not a number` }], warnings: [] }] },
      drift: { drifted: true, share: 0.5, columns: [{ name: evil, method: 'ks', statistic: 0.4, p_value: 0.001, drifted: true }] },
    });
    const md = r.markdown;
    if (process.env.DEBUG_REPORT) console.log(md);
    expect(md).not.toMatch(/<script|<h1|<b>/i);
    expect(md).not.toMatch(/@(admin|boss|everyone)/);
    // Fences only from our Mermaid charts: every fence line is ours.
    expect(md.split('\n').filter((l) => l.includes('```')).every((l) => l === '```mermaid' || l === '```')).toBe(true);
    // Every table row keeps its column count.
    const lines = md.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
      const width = cells(lines[i]!).length;
      for (let j = i; j < lines.length && lines[j]!.startsWith('|'); j++) expect(cells(lines[j]!)).toHaveLength(width);
    }
    // Headings can only come from us.
    expect(lines.filter((l) => /^#/.test(l))).toEqual(['### ❌ mlci: @&#8203;boss &lt;h1&gt;']);
  });

  it('renders the confusion matrix, slices, validation findings and drift as collapsible details', () => {
    const comparison = compareMetrics({ current: metricsSet({ accuracy: 0.9 }), baseline: metricsSet({ accuracy: 0.9 }), baselineSource: run });
    const md = renderReport({
      comparison,
      evaluation: { classes: ['cat', 'dog'], confusion: [[5, 1], [2, 7]], slices: [{ column: 'region', slices: [{ value: 'eu', rows: 9, metrics: { accuracy: 0.8 } }] }] },
      validation: { valid: true, errorCount: 0, warningCount: 0, files: [{ path: 'd.csv', rows: 15, errorCount: 0, errors: [], warnings: [] }] },
      driftMarkdown: '| a | b |\n| - | - |\n| 1 | 2 |',
    }).markdown;
    expect(md).toContain('<details><summary>Confusion matrix</summary>');
    expect(md).toContain('| <code>cat</code> | **5** | 1 |');
    expect(md).toContain('<details><summary>Slices (region)</summary>');
    expect(md).toContain('| <code>eu</code> | 9 | 0.8 |');
    expect(md).toContain('<details><summary>Data validation: ✅ valid in 1 file</summary>');
    expect(md).toContain('<details><summary>Drift</summary>\n\n| a | b |');
    expect(md.match(/<details>/g)!.length).toBe(md.match(/<\/details>/g)!.length);
  });
});

describe('drift.json from mlci drift', () => {
  it('is drawn by the drift step\'s own renderer inside a collapsible section', () => {
    const drift = {
      version: 1, drifted: true, share: 0.5, shareThreshold: 0.5, driftedColumns: 1, testedColumns: 2, fail: false,
      reference: { rows: 100 }, current: { rows: 100 },
      columns: {
        '<b>age</b>': { test: 'ks', score: 0.4, pvalue: 0.001, threshold: 0.05, drifted: true, kind: 'numeric', basis: 'exact', reason: 'config', reference: { count: 100, missing: 0, distinct: 50 }, current: { count: 100, missing: 0, distinct: 50 } },
        city: { test: 'chisquare', score: 1, pvalue: 0.6, threshold: 0.05, drifted: false, kind: 'categorical', basis: 'exact', reason: 'config', reference: { count: 100, missing: 0, distinct: 5 }, current: { count: 100, missing: 0, distinct: 5 } },
      },
      skipped: [],
    };
    const md = renderReport({ drift }).markdown;
    expect(md).toContain('<details><summary>Drift: ⚠️ detected in 1 of 2 columns</summary>');
    expect(md).toContain('**Dataset drift detected**: 1 of 2 columns drifted');
    expect(md).not.toContain('<b>age');
  });
});

describe('truncateMarkdown', () => {
  it('cuts a huge report at a row boundary, keeps fences and details balanced, and says so', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `metric_${i}_accuracy`);
    const comparison = compareMetrics({
      current: metricsSet(Object.fromEntries(names.map((n, i) => [n, (i % 100) / 100]))),
      baseline: metricsSet(Object.fromEntries(names.map((n, i) => [n, ((i + 3) % 100) / 100]))),
      baselineSource: run,
    });
    const full = renderReport({ comparison, validation: { valid: false, errorCount: 1, warningCount: 0, files: [{ path: 'x.csv', rows: 1, errorCount: 1, errors: [{ line: 2, field: 'a', code: 'type', message: 'bad' }], warnings: [] }] } }).markdown;
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const cut = truncateMarkdown(full, GITHUB_COMMENT_LIMIT, (kept, total) => `> **Note:** cut at ${kept} of ${total} characters.`);
    expect(cut.truncated).toBe(true);
    expect(cut.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(cut.markdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 200);
    expect(cut.markdown.trimEnd().endsWith(`cut at ${cut.keptChars} of ${full.length} characters.`)).toBe(true);
    // The kept part is a prefix of the original, ending at a whole line.
    const body = cut.markdown.slice(0, cut.markdown.lastIndexOf('\n\n> **Note'));
    expect(full.startsWith(body)).toBe(true);
    expect(full[body.length]).toBe('\n');
    expect(tableRows(body).every((r) => r.endsWith('|'))).toBe(true);
  });

  it('never cuts inside a code fence and closes open details', () => {
    const md = ['# t', '<details><summary>s</summary>', '', 'a'.repeat(50), '```mermaid', 'x'.repeat(100), '```', 'tail', '</details>'].join('\n');
    const cut = truncateMarkdown(md, 150, () => 'NOTE');
    expect(cut.markdown).toBe(['# t', '<details><summary>s</summary>', '', 'a'.repeat(50), '</details>', '', 'NOTE', ''].join('\n'));
    expect(truncateMarkdown('short', 100, () => 'NOTE')).toEqual({ markdown: 'short', truncated: false, keptChars: 5, totalChars: 5 });
  });
});
