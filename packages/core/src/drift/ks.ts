/**
 * Two-sample Kolmogorov–Smirnov p-values as scipy.stats.ks_2samp(method='auto', alternative='two-sided') computes
 * them (scipy 1.10): exact when both samples have at most 10,000 values (Hodges' lattice-path counting, in the
 * numerically stable 1−p form of Viehmann 2021), otherwise the Kolmogorov distribution sf(D, round(mn/(m+n))) by
 * Simard & L'Ecuyer's choice of method (Ruben–Gambino, Durbin matrix, Pelz–Good, Smirnov's one-sided series).
 */
import { logBinomial, logGamma } from './special.js';

const MAX_EXACT_N = 10_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export interface KsPValue {
  /** The statistic as scipy reports it: rounded to the lattice h/lcm(n1, n2) in exact mode. */
  statistic: number;
  pvalue: number;
  method: 'exact' | 'asymp';
}

export function ks2sampPValue(d: number, n1: number, n2: number): KsPValue {
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    const statistic = h / lcm;
    if (h === 0) return { statistic, pvalue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideInside(n1, n2, g, h);
    if (Number.isFinite(p) && p >= 0 && p <= 1) return { statistic, pvalue: p, method: 'exact' };
    d = statistic; // scipy falls back to asymp with the lattice-rounded statistic
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = Math.round((m * n) / (m + n));
  return { statistic: d, pvalue: clip(kolmogorovSf(en, d)), method: 'asymp' };
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** Pr(D_{n,n} ≥ h/n) = 2·Σ_k (−1)^(k+1) C(2n, n−kh)/C(2n, n), evaluated Horner-style to avoid cancellation. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/**
 * Proportion of lattice paths (0,0)→(m,n) that leave the band |x/m − y/n| < h/lcm: the recursion tracks
 * 1 − (paths inside)/(all paths to the point) one column at a time, over a sliding window of rows.
 */
function probOutsideInside(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const len = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(Math.max(len, n + 2)).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/** Survival function of the two-sided one-sample Kolmogorov statistic D_n (scipy.stats.kstwo.sf). */
export function kolmogorovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    // Ruben–Gambino: CDF = n!/n^n · (2t−1)^n
    const logCdf = logGamma(n + 1) - n * Math.log(n) + n * Math.log(2 * t - 1);
    return 1 - Math.exp(logCdf);
  }
  if (t >= n - 1) return 2 * (1 - x) ** n;
  if (x >= 0.5) return 2 * smirnovSf(n, x);
  const nx2 = t * x;
  if (n <= 140) {
    // scipy uses Pomeranz for 0.754693 < nx² ≤ 4; the Durbin matrix is exact there too.
    if (nx2 <= 4) return 1 - durbinCdf(n, x);
    return 2 * smirnovSf(n, x);
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return 2 * smirnovSf(n, x);
  const cdf = nx2 >= 18 ? 1 : n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return 1 - cdf;
}

/**
 * One-sided Smirnov survival Pr(D_n⁺ ≥ x), Birnbaum–Tingey's exact sum
 * x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1), in logs.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x) + 1e-9);
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    const a = 1 - x - j / n;
    if (a <= 0) continue;
    const logTerm = logBinomial(n, j) + (n - j) * Math.log(a) + (j - 1) * Math.log(x + j / n);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, x * sum);
}

const E128 = 2 ** 128;

/** Durbin's matrix method (Marsaglia, Tsang & Wang 2003): exact Pr(D_n ≤ d). */
function durbinCdf(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let P: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let expnt = 0;
  let hExpnt = 0;
  let nn = n;
  while (nn > 0) {
    if (nn % 2 === 1) {
      P = matmul(P, H, m);
      expnt += hExpnt;
    }
    H = matmul(H, H, m);
    hExpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]!) > E128) {
      for (let i = 0; i < H.length; i++) H[i]! /= E128;
      hExpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < 1 / E128) {
      p *= E128;
      expnt -= 128;
    }
  }
  return p * 2 ** expnt;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return out;
}

/** Pelz–Good asymptotic series for Pr(D_n ≤ x) (Simard & L'Ecuyer's choice for large n). */
function pelzGoodCdf(n: number, x: number): number {
  const PI2 = Math.PI ** 2;
  const PI4 = PI2 * PI2;
  const PI6 = PI4 * PI2;
  const SQRT2PI = Math.sqrt(2 * Math.PI);
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qp + coeffs[i]!;
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * SQRT2PI) / div[i]!;
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] = K[2]! + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = K[3]! + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i]! / n ** (i / 2);
  return sum;
}
