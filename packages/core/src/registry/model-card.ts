import { escapeCode, escapeText } from '../report/escape.js';
import type { ModelMetadata } from './metadata.js';

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}

function cellValue(v: unknown): string {
  return escapeCode(typeof v === 'string' ? v : JSON.stringify(v));
}

/**
 * The model card (MODEL_CARD.md and the release body), after Mitchell et al. "Model Cards for Model Reporting":
 * intended use, training data, parameters, metrics with intervals, slices, lineage, gate evidence and approvals.
 * Every name and value from files is escaped.
 */
export function renderModelCard(m: ModelMetadata): string {
  const out: string[] = [];
  out.push(`# ${escapeText(`${m.name} ${m.version}`)}`, '');
  out.push(`Model file ${escapeCode(m.model.path)}, sha256 ${escapeCode(m.model.sha256)}, ${m.model.bytes} bytes. Published ${escapeText(m.publishedAt)}.`, '');

  out.push('## Intended use', '', m.intendedUse ? escapeText(m.intendedUse) : '_Not stated. Pass --intended-use when publishing._', '');
  if (m.limitations) out.push('## Limitations', '', escapeText(m.limitations), '');

  out.push('## Training data', '');
  if (m.training.data.length === 0) out.push('_No data files recorded._', '');
  else out.push('| File | sha256 |', '| --- | --- |', ...m.training.data.map((d) => `| ${escapeText(d.path)} | ${escapeCode(d.sha256)} |`), '');

  out.push('## Parameters', '');
  const params = Object.entries(m.training.parameters);
  if (params.length === 0) out.push('_None recorded._', '');
  else out.push('| Parameter | Value |', '| --- | --- |', ...params.map(([k, v]) => `| ${escapeText(k)} | ${cellValue(v)} |`), '');

  out.push('## Metrics', '');
  if (m.metrics.length === 0) out.push('_No evaluation recorded._', '');
  else {
    const ci = m.metrics.some((x) => x.low !== undefined);
    out.push(ci ? '| Metric | Value | 95% CI |' : '| Metric | Value |', ci ? '| --- | ---: | ---: |' : '| --- | ---: |');
    for (const x of m.metrics) out.push(`| ${escapeText(x.name)} | ${num(x.value)} |${ci ? ` ${x.low !== undefined && x.high !== undefined ? `${num(x.low)} – ${num(x.high)}` : ''} |` : ''}`);
    out.push('');
    if (m.intervals) out.push(`Intervals: ${escapeText(m.intervals)}.`, '');
  }

  if (m.slices.length > 0) {
    out.push('## Slices', '');
    const keys = [...new Set(m.slices.flatMap((s) => Object.keys(s.metrics)))];
    out.push(`| Column | Value | Rows | ${keys.map(escapeText).join(' | ')} |`, `| --- | --- | ---: | ${keys.map(() => '---:').join(' | ')} |`);
    for (const s of m.slices) {
      out.push(`| ${escapeText(s.column)} | ${escapeText(s.value)} | ${s.rows ?? ''} | ${keys.map((k) => (s.metrics[k] === undefined ? '' : num(s.metrics[k]!))).join(' | ')} |`);
    }
    out.push('');
  }

  out.push('## Lineage', '');
  out.push(`- Commit: ${m.lineage.commit ? escapeCode(m.lineage.commit) : 'unknown'}`);
  if (m.lineage.ref) out.push(`- Ref: ${escapeCode(m.lineage.ref)}`);
  if (m.lineage.run) out.push(`- Run: ${m.lineage.run.url && /^https?:\/\//.test(m.lineage.run.url) ? `[${escapeText(m.lineage.run.id)}](${encodeURI(m.lineage.run.url).replace(/[()]/g, encodeURIComponent)})` : escapeText(m.lineage.run.id)}`);
  out.push('');

  out.push('## Gate evidence', '');
  if (m.gates.length === 0) out.push('_No gate decision attached._', '');
  for (const g of m.gates) {
    out.push(`- ${g.decision === 'pass' ? '✅' : '❌'} ${escapeText(g.environment)}: ${g.decision} at ${escapeText(g.decidedAt)}${g.run ? ` (run ${escapeText(g.run.id)})` : ''}`);
    for (const r of g.reasons) out.push(`  - ${escapeCode(r.code)} ${escapeText(r.message)}`);
    for (const c of g.checks) out.push(`  - ✓ ${escapeText(c)}`);
  }
  if (m.gates.length) out.push('');

  out.push('## Approvals', '');
  if (m.approvals.length === 0) out.push('_None recorded at publish time; `mlci registry list` shows approvals of later deployments._', '');
  else out.push('| Environment | Reviewer | State | Comment |', '| --- | --- | --- | --- |', ...m.approvals.map((a) => `| ${escapeText(a.environment)} | ${escapeText(a.user)} | ${escapeText(a.state)} | ${escapeText(a.comment)} |`), '');
  return out.join('\n');
}
