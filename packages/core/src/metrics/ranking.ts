/**
 * Threshold-free scores as scikit-learn 1.2 computes them: ROC AUC (trapezoid over the ROC curve, so tied scores
 * count half) and average precision (the step sum Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds, not interpolated).
 * Both sort the positive and negative scores once (typed-array sorts) and merge them.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Sort keys for non-negative float32 values (probabilities from ONNX models): their IEEE bit patterns order like the
 * values, so a two-pass radix sort replaces a comparison sort. Null when a value is negative, NaN or not exactly a
 * float32 (then the scores themselves are sorted).
 */
function float32Keys(values: Float64Array): Uint32Array | null {
  const keys = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! === 0 ? 0 : values[i]!; // −0 → +0
    if (!(v >= 0) || Math.fround(v) !== v) return null;
    f32[0] = v;
    keys[i] = u32[0]!;
  }
  return keys;
}

/** LSD radix sort (two 16-bit digits), highest first. `digits`: each digit's counts, when already counted. */
function radixSortDesc(keys: Uint32Array, digits?: [Uint32Array, Uint32Array]): Uint32Array {
  const n = keys.length;
  let src: Uint32Array = keys;
  let dst: Uint32Array = new Uint32Array(n);
  const starts = new Uint32Array(65536);
  for (const shift of [0, 16]) {
    let counts = digits?.[shift >>> 4];
    if (!counts) {
      counts = new Uint32Array(65536);
      for (let i = 0; i < n; i++) counts[(src[i]! >>> shift) & 0xffff]!++;
    }
    let offset = 0;
    for (let d = 65535; d >= 0; d--) {
      starts[d] = offset;
      offset += counts[d]!;
    }
    for (let i = 0; i < n; i++) dst[starts[(src[i]! >>> shift) & 0xffff]!++] = src[i]!;
    [src, dst] = [dst, src];
  }
  return src;
}

type Sorted = Float64Array | Uint32Array;

/** Splits scores by label (true = positive). */
function split(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): { pos: Sorted; neg: Sorted } {
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
  // Both sides need the same kind of key to be merged.
  const pk = float32Keys(pos);
  const nk = pk ? float32Keys(neg) : null;
  if (pk && nk) return { pos: radixSortDesc(pk), neg: radixSortDesc(nk) };
  return { pos: pos.sort().reverse(), neg: neg.sort().reverse() };
}

/** Walks distinct thresholds from the highest score down, calling `step(tp, fp)` with cumulative counts at each. */
function walk(pos: Sorted, neg: Sorted, step: (tp: number, fp: number) => void): void {
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
  return aucOfSorted(pos, neg);
}

/** ROC AUC from positive and negative scores (or keys) sorted highest first. */
function aucOfSorted(pos: Sorted, neg: Sorted): number | null {
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
  if (proba instanceof Float32Array) {
    const auc = rocAucOvrFloat32(proba, k, yTrue);
    if (auc !== undefined) return auc;
  }
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

/**
 * rocAucOvr on float32 probabilities: sort keys straight from their bits, skipping the float64 copies (same keys as
 * float32Keys, so the same result). Undefined when a value is negative or NaN (the general path handles it).
 */
function rocAucOvrFloat32(proba: Float32Array, k: number, yTrue: ArrayLike<number>): number | null | undefined {
  const n = yTrue.length;
  if (proba.length < n * k) return undefined;
  const bits = new Uint32Array(proba.buffer, proba.byteOffset, n * k);
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    let p = 0;
    for (let i = 0; i < n; i++) if (yTrue[i] === c) p++;
    const pos = new Uint32Array(p);
    const neg = new Uint32Array(n - p);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      let key = bits[i * k + c]!;
      if (key > 0x7f800000) {
        if (key !== 0x80000000) return undefined; // negative or NaN
        key = 0; // −0 → +0
      }
      if (yTrue[i] === c) pos[a++] = key;
      else neg[b++] = key;
    }
    const auc = aucOfSorted(radixSortDesc(pos), radixSortDesc(neg));
    if (auc === null) continue;
    sum += auc;
    classes++;
  }
  return classes === 0 ? null : sum / classes;
}

/**
 * rocAucOvr of float32 probabilities given batch by batch (an evaluation's rows as they are scored): each class's
 * positive and negative sort keys are split off and their radix digits counted as rows arrive, so the end only
 * scatters and merges. Same keys and order as rocAucOvrFloat32, so the same value. For few classes (MAX_CLASSES).
 */
export class RocAucOvrFloat32 {
  static readonly MAX_CLASSES = 16;
  private readonly sides: Array<{ keys: Uint32Array; length: number; digits: [Uint32Array, Uint32Array] }[]>;
  /** A negative or NaN probability was seen: rocAucOvr must take the general path. */
  invalid = false;
  constructor(private readonly k: number) {
    this.sides = Array.from({ length: k }, () => [0, 1].map(() => ({ keys: new Uint32Array(1024), length: 0, digits: [new Uint32Array(65536), new Uint32Array(65536)] as [Uint32Array, Uint32Array] })));
  }
  add(proba: Float32Array, yTrue: ArrayLike<number>): void {
    if (this.invalid) return;
    const k = this.k;
    const n = yTrue.length;
    const bits = new Uint32Array(proba.buffer, proba.byteOffset, n * k);
    for (let c = 0; c < k; c++) {
      const [pos, neg] = this.sides[c]!;
      for (const side of [pos!, neg!]) {
        if (side.length + n > side.keys.length) {
          const next = new Uint32Array(Math.max(side.keys.length * 2, side.length + n));
          next.set(side.keys.subarray(0, side.length));
          side.keys = next;
        }
      }
      const pk = pos!.keys;
      const nk = neg!.keys;
      const [pLow, pHigh] = pos!.digits;
      const [nLow, nHigh] = neg!.digits;
      let a = pos!.length;
      let b = neg!.length;
      for (let i = 0; i < n; i++) {
        let key = bits[i * k + c]!;
        if (key > 0x7f800000) {
          if (key !== 0x80000000) {
            this.invalid = true; // negative or NaN
            return;
          }
          key = 0; // −0 → +0
        }
        if (yTrue[i] === c) {
          pk[a++] = key;
          pLow[key & 0xffff]!++;
          pHigh[key >>> 16]!++;
        } else {
          nk[b++] = key;
          nLow[key & 0xffff]!++;
          nHigh[key >>> 16]!++;
        }
      }
      pos!.length = a;
      neg!.length = b;
    }
  }
  /** Macro one-vs-rest ROC AUC; undefined when invalid. */
  value(): number | null | undefined {
    if (this.invalid) return undefined;
    let sum = 0;
    let classes = 0;
    for (const [pos, neg] of this.sides) {
      const auc = aucOfSorted(radixSortDesc(pos!.keys.subarray(0, pos!.length), pos!.digits), radixSortDesc(neg!.keys.subarray(0, neg!.length), neg!.digits));
      if (auc === null) continue;
      sum += auc;
      classes++;
    }
    return classes === 0 ? null : sum / classes;
  }
}
