/**
 * Log loss as scikit-learn 1.2 computes it with `eps="auto"`: probabilities are clipped to [eps, 1 − eps] where eps is
 * the machine epsilon of their float type (float32 for ONNX outputs), each row is renormalised, and the loss is the mean
 * of −ln p(true class).
 */
export const FLOAT32_EPS = 1.1920928955078125e-7;
export const FLOAT64_EPS = 2.220446049250313e-16;

export function logLoss(proba: ArrayLike<number>, k: number, yTrue: ArrayLike<number>, eps: number = proba instanceof Float32Array ? FLOAT32_EPS : FLOAT64_EPS): number {
  const n = yTrue.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(proba[i * k + c]!, eps);
    total -= Math.log(clip(proba[i * k + yTrue[i]!]!, eps) / rowSum);
  }
  return total / n;
}

function clip(p: number, eps: number): number {
  return p < eps ? eps : p > 1 - eps ? 1 - eps : p;
}
