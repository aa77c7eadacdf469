/**
 * Log loss as scikit-learn 1.2 computes it with `eps="auto"`: probabilities are clipped to [eps, 1 − eps] where eps is
 * the machine epsilon of their float type (float32 for ONNX outputs), each row is renormalised, and the loss is the mean
 * of −ln p(true class).
 */
export const FLOAT32_EPS = 1.1920928955078125e-7;
export const FLOAT64_EPS = 2.220446049250313e-16;

export function logLoss(proba: ArrayLike<number>, k: number, yTrue: ArrayLike<number>, eps: number = proba instanceof Float32Array ? FLOAT32_EPS : FLOAT64_EPS): number {
  const sum = new LogLossSum(k, eps);
  sum.add(proba, yTrue);
  return sum.value();
}

/** logLoss over rows given batch by batch: the same sum in the same order, so the same value. */
export class LogLossSum {
  private total = 0;
  private n = 0;
  constructor(
    private readonly k: number,
    private readonly eps: number,
  ) {}
  /** Rows `yTrue` with their probabilities, row-major `[yTrue.length, k]`. */
  add(proba: ArrayLike<number>, yTrue: ArrayLike<number>): void {
    const { k, eps } = this;
    const n = yTrue.length;
    let total = this.total;
    for (let i = 0; i < n; i++) {
      let rowSum = 0;
      for (let c = 0; c < k; c++) rowSum += clip(proba[i * k + c]!, eps);
      total -= Math.log(clip(proba[i * k + yTrue[i]!]!, eps) / rowSum);
    }
    this.total = total;
    this.n += n;
  }
  value(): number {
    return this.total / this.n;
  }
}

function clip(p: number, eps: number): number {
  return p < eps ? eps : p > 1 - eps ? 1 - eps : p;
}
