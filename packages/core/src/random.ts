/**
 * mulberry32: a small, fast, well-mixed 32-bit PRNG. Resampling (bootstrap, paired tests) and sampling (the monitor's
 * reservoir) use it so every figure is reproducible from its seed, across platforms.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
