/**
 * Threshold-free scores as scikit-learn 1.2 computes them: ROC AUC (trapezoid over the ROC curve, so tied scores
 * count half) and average precision (the step sum Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds, not interpolated).
 * Both sort the positive and negative scores once (typed-array sorts) and merge them.
 */

function sortedDesc(values: Float64Array): Float64Array {
  values.sort();
  return values.reverse();
}

/** Splits scores by label (true = positive). */
function split(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): { pos: Float64Array; neg: Float64Array } {
  let p = 0;
  for (let i = 0; i < scores.length; i++) if (positive[i]) p++;
  const pos = new Float64Array(p);
  const neg = new Float64Array(scores.length - p);
  let a = 0;
  let b = 0;
  for (let i = 0; i < scores.length; i++) {
    if (positive[i]) pos[a++] = scores[i]!;
    else neg[b++] = scores[i]!;
  }
  return { pos: sortedDesc(pos), neg: sortedDesc(neg) };
}

/** Walks distinct thresholds from the highest score down, calling `step(tp, fp)` with cumulative counts at each. */
function walk(pos: Float64Array, neg: Float64Array, step: (tp: number, fp: number) => void): void {
  let i = 0;
  let j = 0;
  while (i < pos.length || j < neg.length) {
    const t = Math.max(i < pos.length ? pos[i]! : -Infinity, j < neg.length ? neg[j]! : -Infinity);
    while (i < pos.length && pos[i] === t) i++;
    while (j < neg.length && neg[j] === t) j++;
    step(i, j);
  }
}

/** Binary ROC AUC; null when only one class is present (sklearn raises). */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number | null {
  const { pos, neg } = split(scores, positive);
  if (pos.length === 0 || neg.length === 0) return null;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  walk(pos, neg, (tp, fp) => {
    area += ((fp - prevFp) * (tp + prevTp)) / 2;
    prevTp = tp;
    prevFp = fp;
  });
  return area / (pos.length * neg.length);
}

/** Average precision (sklearn's `average_precision_score`); null when there are no positives. */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number | null {
  const { pos, neg } = split(scores, positive);
  if (pos.length === 0) return null;
  let ap = 0;
  let prevRecall = 0;
  walk(pos, neg, (tp, fp) => {
    const recall = tp / pos.length;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  });
  return ap;
}

/**
 * Macro one-vs-rest ROC AUC over the classes present in y_true (sklearn `roc_auc_score(multi_class="ovr")`, which
 * requires every probability column's class to occur in y_true; here absent classes are left out of the mean).
 */
export function rocAucOvr(proba: ArrayLike<number>, k: number, yTrue: ArrayLike<number>): number | null {
  const n = yTrue.length;
  const scores = new Float64Array(n);
  const positive = new Uint8Array(n);
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      scores[i] = proba[i * k + c]!;
      positive[i] = yTrue[i] === c ? 1 : 0;
    }
    const auc = rocAuc(scores, positive);
    if (auc === null) continue;
    sum += auc;
    classes++;
  }
  return classes === 0 ? null : sum / classes;
}
