/** Every classification metric mlci reports, from class ids and (optionally) class probabilities. */
import { classFigures, confusionMetrics, confusionOf, type ClassFigures, type Confusion, type ConfusionMetrics } from './confusion.js';
import { logLoss } from './logloss.js';
import { averagePrecision, rocAuc, rocAucOvr } from './ranking.js';

export interface ClassificationInput {
  /** Class names in the model's order: class id i is `classes[i]`, probability column i belongs to it. */
  classes: readonly string[];
  yTrue: ArrayLike<number>;
  yPred: ArrayLike<number>;
  /** Row-major probabilities `[n, classes.length]`, or undefined when the model gives none. */
  proba?: Float32Array | Float64Array | undefined;
  /** Already computed from these rows (LogLossSum, RocAucOvrFloat32), so not again. */
  logLoss?: number | undefined;
  rocAucOvr?: number | null | undefined;
}

export interface ClassificationMetrics extends ConfusionMetrics {
  log_loss?: number;
  /** Binary: score = probability of `classes[1]` (the positive class, as in scikit-learn). */
  roc_auc?: number;
  pr_auc?: number;
  /** Multiclass: macro one-vs-rest. */
  roc_auc_ovr?: number;
}

export interface ClassificationReport {
  metrics: ClassificationMetrics;
  confusion: Confusion;
  perClass: Array<ClassFigures & { label: string }>;
}

export function classificationReport(input: ClassificationInput): ClassificationReport {
  const k = input.classes.length;
  const confusion = confusionOf(input.yTrue, input.yPred, k);
  const metrics: ClassificationMetrics = confusionMetrics(confusion);
  const { proba, yTrue } = input;
  if (proba && yTrue.length > 0) {
    metrics.log_loss = input.logLoss ?? logLoss(proba, k, yTrue);
    if (k === 2) {
      const n = yTrue.length;
      const scores = new Float64Array(n);
      const positive = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        scores[i] = proba[i * 2 + 1]!;
        positive[i] = yTrue[i] === 1 ? 1 : 0;
      }
      const auc = rocAuc(scores, positive);
      const ap = averagePrecision(scores, positive);
      if (auc !== null) metrics.roc_auc = auc;
      if (ap !== null) metrics.pr_auc = ap;
    } else if (k > 2) {
      const auc = input.rocAucOvr !== undefined ? input.rocAucOvr : rocAucOvr(proba, k, yTrue);
      if (auc !== null) metrics.roc_auc_ovr = auc;
    }
  }
  const perClass = classFigures(confusion).map((f, i) => ({ label: input.classes[i]!, ...f }));
  return { metrics, confusion, perClass };
}
