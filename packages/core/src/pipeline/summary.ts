import { escapeText } from '../report/index.js';
import type { PipelineResult, StageResult } from './types.js';

const ICON: Record<StageResult['status'], string> = { passed: '✅', failed: '❌', skipped: '⏭️' };

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One table with every stage in order: the top of the job summary. Summaries carry untrusted names: escaped. */
export function renderPipelineTable(result: PipelineResult): string {
  const lines = ['| | Stage | Result | Time |', '| --- | --- | --- | ---: |'];
  for (const r of result.stages) {
    lines.push(`| ${ICON[r.status]} | ${r.stage} | ${escapeText(r.summary)} | ${r.status === 'skipped' ? '' : seconds(r.durationMs)} |`);
  }
  return lines.join('\n') + '\n';
}

/** The whole story in order: the stage table, the report (validation, drift, evaluation, comparison), the gate. */
export function renderPipelineMarkdown(result: PipelineResult, notices: string[] = []): string {
  const failed = result.stages.filter((r) => r.status === 'failed').map((r) => r.stage);
  const head = failed.length ? `## ❌ mlci pipeline: ${failed.join(', ')} failed` : '## ✅ mlci pipeline passed';
  const parts = [head, '', renderPipelineTable(result)];
  for (const n of notices) parts.push(`> [!NOTE]\n> ${n.replace(/\n/g, ' ')}\n`);
  if (result.report) parts.push(result.report.markdown.trimEnd(), '');
  if (result.gateMarkdown) parts.push(result.gateMarkdown.trimEnd(), '');
  return parts.join('\n') + '\n';
}

/** Console lines: one per stage, aligned. */
export function renderPipelineConsoleLine(r: StageResult): string {
  const word = r.status === 'passed' ? 'PASS' : r.status === 'failed' ? 'FAIL' : 'SKIP';
  const time = r.status === 'skipped' ? '' : ` (${seconds(r.durationMs)})`;
  return `${word} ${r.stage.padEnd(8)} ${r.summary.replace(/[\r\n]+/g, ' ')}${time}`;
}
