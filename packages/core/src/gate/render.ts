import { escapeCode, escapeText as escapeMarkdown } from '../report/escape.js';
import type { GateReason, GateResult } from './types.js';

const ICON = { pass: '✅', fail: '❌' } as const;

function reasonLine(r: GateReason): string {
  return `| \`${r.code}\` | ${escapeMarkdown(r.message)} |`;
}

/** The job summary / PR comment body for a gate decision: decision, every reason, then the evidence. */
export function renderGateMarkdown(result: GateResult): string {
  const env = escapeMarkdown(result.environment);
  const e = result.evidence;
  const lines: string[] = [];
  lines.push(`## ${ICON[result.decision]} Gate ${result.decision === 'pass' ? 'passed' : 'failed'} for ${env}`, '');
  const description = (result.policy as { description?: unknown } | null)?.description;
  if (typeof description === 'string' && description) lines.push(`Policy: ${escapeMarkdown(description)}`, '');
  if (result.reasons.length > 0) {
    lines.push(`${result.reasons.length} reason${result.reasons.length === 1 ? '' : 's'} to refuse this deployment:`, '');
    lines.push('| Code | Reason |', '| --- | --- |', ...result.reasons.map(reasonLine), '');
  } else {
    lines.push('Every check of the policy held.', '');
  }
  if (result.checks.length > 0) {
    lines.push('<details><summary>Checks that held</summary>', '', ...result.checks.map((c) => `- ${escapeMarkdown(c)}`), '', '</details>', '');
  }
  lines.push('### Evidence', '', '| Item | Value |', '| --- | --- |');
  const row = (k: string, v: string) => lines.push(`| ${k} | ${v} |`);
  row('Model', e.model.path ? `${escapeMarkdown(e.model.path)}${e.model.version ? ` (version ${escapeCode(e.model.version)})` : ''}` : e.model.version ? `version ${escapeCode(e.model.version)}` : '—');
  if (e.model.sha256) row('Model sha256', `\`${e.model.sha256}\``);
  // The job summary holds 1 MiB: list the first data files, the rest stay in gate.json.
  for (const d of e.data.slice(0, 50)) row(`Data ${escapeMarkdown(d.path)}`, `sha256 \`${d.sha256}\``);
  if (e.data.length > 50) row('Data', `${e.data.length - 50} more file(s): see gate.json`);
  for (const [kind, rep] of Object.entries(e.reports)) {
    if (!rep) continue;
    const facts = Object.entries(rep.summary)
      .map(([k, v]) => `${escapeMarkdown(k)}: ${escapeMarkdown(Array.isArray(v) ? v.join(', ') || 'none' : String(v))}`)
      .join(', ');
    row(`${kind[0]!.toUpperCase()}${kind.slice(1)} report`, `${escapeMarkdown(rep.path)} — ${facts}`);
  }
  for (const p of e.priorDeployments) row(`Deployed to ${escapeMarkdown(p.environment)}`, `deployment ${escapeMarkdown(String(p.id))}${p.createdAt ? ` at ${escapeMarkdown(p.createdAt)}` : ''}`);
  if (e.commit) row('Commit', `\`${escapeMarkdown(e.commit).replace(/`/g, '')}\``);
  if (e.run) row('Run', e.run.url && /^https?:\/\//.test(e.run.url) ? `[${escapeMarkdown(e.run.id)}](${encodeURI(e.run.url).replace(/[()]/g, encodeURIComponent)})` : escapeMarkdown(e.run.id));
  row('Decided at', escapeMarkdown(result.decidedAt));
  lines.push('');
  const metrics = Object.entries(e.metrics);
  if (metrics.length > 0) {
    lines.push('| Metric | Value |', '| --- | ---: |', ...metrics.map(([m, v]) => `| ${escapeMarkdown(m)} | ${v} |`), '');
  }
  return lines.join('\n');
}

/** One line per reason, for logs and the `reasons` output. */
export function reasonsText(result: GateResult): string {
  return result.reasons.map((r) => `${r.code}: ${r.message}`).join('\n');
}

/** Reads a gate.json back (protection rule, registry). Throws a plain Error naming what is wrong. */
export function parseGateResult(data: unknown): GateResult {
  const o = data as Partial<GateResult> | null;
  if (!o || typeof o !== 'object') throw new Error('gate evidence is not a JSON object');
  if (o.decision !== 'pass' && o.decision !== 'fail') throw new Error('gate evidence has no decision pass/fail');
  if (typeof o.environment !== 'string') throw new Error('gate evidence has no environment');
  if (!Array.isArray(o.reasons)) throw new Error('gate evidence has no reasons list');
  if (o.decision === 'pass' && o.reasons.length > 0) throw new Error('gate evidence says pass but lists reasons');
  if (!o.evidence || typeof o.evidence !== 'object') throw new Error('gate evidence has no evidence');
  return o as GateResult;
}
