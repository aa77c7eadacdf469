import picomatch from 'picomatch';
import type { MetricRule } from '../config/metrics.js';

export type Direction = 'higher' | 'lower';

/** The rule that applies to one metric, after exact names, globs and name-based defaults. */
export interface ResolvedRule extends MetricRule {
  direction?: Direction | undefined;
  /** The mlci.yml key that matched (exact name or glob), or null when only defaults apply. */
  matchedBy: string | null;
  /** Where the direction came from. */
  directionSource: 'config' | 'default' | 'unknown';
}

// The last dot-separated segment decides: `test.loss`, `eval.f1_macro`, `latency_ms_p95`.
const HIGHER = [
  /acc(uracy)?$/, /^balanced_accuracy$/, /(^|_)f1(_|$)/, /^f\d/, /precision/, /recall/, /(^|_)auc(_|$)/, /roc_auc/, /^ap$/,
  /average_precision/, /^r2$/, /r2_score/, /^map(@|_|$)/, /ndcg/, /mrr/, /iou/, /dice/, /bleu/, /rouge/, /meteor/,
  /throughput/, /(^|_)qps$/, /samples_per_s/, /explained_variance/, /kappa/, /mcc$/, /matthews/, /^hit(s|_rate)?/, /coverage/,
  /(^|_)score$/,
];
const LOWER = [
  /loss/, /(^|_)err(or)?(_|$)/, /error/, /^mae$/, /^mse$/, /^rmse$/, /^mape$/, /^smape$/, /median_ae/, /(^|_)mae(_|$)/,
  /(^|_)rmse(_|$)/, /(^|_)mse(_|$)/, /latency/, /_ms(_|$)/, /(^|_)ms$/, /_seconds?$/, /duration/, /_time$/, /^time/,
  /perplexity/, /^wer$/, /^cer$/, /brier/, /(^|_)size(_|$)/, /bytes/, /memory/, /_mb$/, /^fpr$/, /^fnr$/,
  /false_(positive|negative)/, /miss_rate/, /calibration_error/, /(^|_)ece$/, /drift/,
];

/** Direction implied by a metric's name, or undefined when the name says nothing. */
export function defaultDirection(name: string): Direction | undefined {
  const last = (name.split('.').pop() ?? name).toLowerCase();
  if (LOWER.some((r) => r.test(last))) return 'lower';
  if (HIGHER.some((r) => r.test(last))) return 'higher';
  return undefined;
}

export class RuleBook {
  private readonly exact = new Map<string, MetricRule>();
  private readonly globs: Array<{ pattern: string; test: (s: string) => boolean; rule: MetricRule }> = [];

  constructor(rules: Record<string, MetricRule> = {}) {
    for (const [pattern, rule] of Object.entries(rules)) {
      if (picomatch.scan(pattern).isGlob) this.globs.push({ pattern, test: picomatch(pattern, { dot: true }), rule });
      else this.exact.set(pattern, rule);
    }
  }

  /** Metric names declared exactly with `required: true`. */
  requiredNames(): string[] {
    return [...this.exact].filter(([, r]) => r.required).map(([n]) => n);
  }

  resolve(name: string): ResolvedRule {
    const exact = this.exact.get(name);
    const glob = exact ? undefined : this.globs.find((g) => g.test(name));
    const rule = exact ?? glob?.rule ?? {};
    const matchedBy = exact ? name : (glob?.pattern ?? null);
    const fallback = defaultDirection(name);
    const direction = rule.direction ?? fallback;
    const resolved: ResolvedRule = { ...rule, matchedBy, directionSource: rule.direction ? 'config' : fallback ? 'default' : 'unknown' };
    if (direction) resolved.direction = direction;
    return resolved;
  }
}
