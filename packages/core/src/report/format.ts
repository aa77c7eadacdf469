/** Number formatting for reports: short, stable, never scientific for everyday magnitudes. */

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'NaN';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) return v.toExponential(3).replace('-', '−');
  const s = String(Number(v.toPrecision(4)));
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

export function formatSigned(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v === 0) return '0';
  const s = formatNumber(Math.abs(v));
  return v > 0 ? `+${s}` : `−${s}`;
}

export function formatPct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const abs = Math.abs(v);
  const s = abs >= 100 ? abs.toFixed(0) : abs >= 10 ? abs.toFixed(1) : abs >= 0.01 ? abs.toFixed(2) : abs.toExponential(1);
  return v > 0 ? `+${s}%` : v < 0 ? `−${s}%` : '0%';
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(3)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
