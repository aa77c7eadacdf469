/**
 * Classification metrics from a confusion matrix, defined as scikit-learn 1.2 defines them: labels are the classes
 * present in y_true or y_pred, zero divisions yield 0 (sklearn's default `zero_division="warn"`), `weighted` averages
 * by true-class support, balanced accuracy averages recall over classes present in y_true.
 */

/** Square confusion matrix over `k` classes, row = true class, column = predicted class, row-major. */
export interface Confusion {
  k: number;
  counts: Float64Array;
}

export function emptyConfusion(k: number): Confusion {
  return { k, counts: new Float64Array(k * k) };
}

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true class is this one. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
}

/** Per-class precision, recall, F1 and support. */
export function classFigures(cm: Confusion): ClassFigures[] {
  const { k, counts } = cm;
  const out: ClassFigures[] = [];
  for (let c = 0; c < k; c++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += counts[c * k + j]!;
      predicted += counts[j * k + c]!;
    }
    const tp = counts[c * k + c]!;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    // sklearn: denominators of 0 are replaced by 1, so F1 is 0 when precision and recall are both 0.
    const denom = precision + recall;
    const f1 = (2 * precision * recall) / (denom === 0 ? 1 : denom);
    out.push({ precision, recall, f1, support, predicted });
  }
  return out;
}

export interface ConfusionMetrics {
  accuracy: number;
  balanced_accuracy: number;
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  precision_weighted: number;
  recall_weighted: number;
  f1_weighted: number;
}

export function confusionMetrics(cm: Confusion): ConfusionMetrics {
  const figures = classFigures(cm);
  let total = 0;
  let correct = 0;
  let labels = 0;
  let present = 0;
  let recallSum = 0;
  const macro = { p: 0, r: 0, f: 0 };
  const weighted = { p: 0, r: 0, f: 0 };
  for (let c = 0; c < cm.k; c++) {
    const f = figures[c]!;
    total += f.support;
    correct += cm.counts[c * cm.k + c]!;
    // sklearn's labels: classes that occur in y_true or y_pred; others do not enter macro averages.
    if (f.support === 0 && f.predicted === 0) continue;
    labels++;
    macro.p += f.precision;
    macro.r += f.recall;
    macro.f += f.f1;
    weighted.p += f.precision * f.support;
    weighted.r += f.recall * f.support;
    weighted.f += f.f1 * f.support;
    if (f.support > 0) {
      present++;
      recallSum += f.recall;
    }
  }
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    accuracy: div(correct, total),
    balanced_accuracy: div(recallSum, present),
    precision_macro: div(macro.p, labels),
    recall_macro: div(macro.r, labels),
    f1_macro: div(macro.f, labels),
    precision_weighted: div(weighted.p, total),
    recall_weighted: div(weighted.r, total),
    f1_weighted: div(weighted.f, total),
  };
}

/** Builds the confusion matrix of class ids (0..k-1). */
export function confusionOf(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): Confusion {
  const cm = emptyConfusion(k);
  for (let i = 0; i < yTrue.length; i++) cm.counts[yTrue[i]! * k + yPred[i]!]!++;
  return cm;
}
