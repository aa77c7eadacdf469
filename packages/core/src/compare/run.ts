import { basename } from 'node:path';
import type { CompareSettings, MetricRule } from '../config/metrics.js';
import type { BaselineSourceInfo } from '../ports.js';
import { compareMetrics, type Comparison } from './compare.js';
import { readMetricsFiles } from './metrics-file.js';
import { pairOutcomes, readOutcomes, type PairedOutcomes } from './significance.js';

/**
 * The whole `compare` step over files, shared by the CLI and the GitHub/GitLab actions: read both sides, pair
 * per-row outcomes when both kept them, compare under the rules.
 */

export interface RunComparisonSettings {
  current: string[];
  /** Baseline metrics files; empty or undefined when there is no baseline. */
  baseline?: string[] | undefined;
  baselineSource: BaselineSourceInfo;
  rules?: Record<string, MetricRule> | undefined;
  settings?: Partial<CompareSettings> | undefined;
  /** Per-row outcomes files; default: the `outcomes` named in each side's metrics.json. */
  currentOutcomes?: string | undefined;
  baselineOutcomes?: string | undefined;
  commit?: string | undefined;
}

export async function runComparison(s: RunComparisonSettings): Promise<Comparison> {
  const current = await readMetricsFiles(s.current, 'current');
  const baseline = s.baseline && s.baseline.length > 0 ? await readMetricsFiles(s.baseline, 'baseline') : undefined;
  const notes: string[] = [];
  let paired: PairedOutcomes | undefined;
  const currentOutcomes = s.currentOutcomes ?? current.outcomes;
  const baselineOutcomes = s.baselineOutcomes ?? baseline?.outcomes;
  if (baseline && currentOutcomes && baselineOutcomes) {
    const [b, c] = await Promise.all([readOutcomesOrNote(baselineOutcomes, 'baseline', notes), readOutcomesOrNote(currentOutcomes, 'current', notes)]);
    if (b && c) {
      const pair = pairOutcomes(b, c);
      if ('problem' in pair) notes.push(`Per-row outcomes were not used: ${pair.problem}.`);
      else paired = pair;
    }
  } else if (baseline && (currentOutcomes || baselineOutcomes)) {
    notes.push(`Only the ${currentOutcomes ? 'current' : 'baseline'} side kept per-row outcomes; paired tests need both.`);
  }
  return compareMetrics({ current, baseline, baselineSource: s.baselineSource, rules: s.rules, settings: s.settings, paired, notes, commit: s.commit });
}

async function readOutcomesOrNote(path: string, side: string, notes: string[]) {
  try {
    return await readOutcomes(path);
  } catch (err) {
    // The baseline artifact may predate outcomes.csv or lack it: a note, not a failure.
    notes.push(`The ${side} per-row outcomes could not be read (${(err as Error).message.split('\n')[0]}).`);
    return undefined;
  }
}

/**
 * Picks the baseline files that correspond to the current ones by file name (metrics.json ↔ metrics.json), from
 * a downloaded artifact or folder. Falls back to every JSON/YAML file when no name matches.
 */
export function matchBaselineFiles(current: string[], available: string[]): string[] {
  const wanted = new Set(current.map((f) => basename(f)));
  const matched = available.filter((f) => wanted.has(basename(f)));
  if (matched.length > 0) return matched;
  return available.filter((f) => /\.(json|ya?ml)$/i.test(f) && !/comparison\.json$|evaluation\.json$|validation\.json$|profile\.json$/i.test(f));
}
