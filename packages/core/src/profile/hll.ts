/**
 * HyperLogLog distinct counter (Flajolet et al. 2007) over 32-bit hashes with 2^12 registers.
 * Relative standard error 1.04/√4096 ≈ 1.6%; merging is a register-wise max, so it is exact, commutative and
 * associative: the sketch of a union equals the merge of the parts' sketches.
 */

export const HLL_PRECISION = 12;
const M = 1 << HLL_PRECISION;
const ALPHA = 0.7213 / (1 + 1.079 / M);
/** One standard error of the estimate, relative. */
export const HLL_RELATIVE_ERROR = 1.04 / Math.sqrt(M);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** murmur3's 32-bit finaliser: full avalanche in a few multiplies. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashNumber(value: number): number {
  f64[0] = value === 0 ? 0 : value; // -0 and 0 are one value
  return fmix32(u32[0]! ^ fmix32(u32[1]! ^ 0x9e3779b9));
}

export function hashString(value: string): number {
  // FNV-1a over UTF-16 code units, then avalanche.
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h ^ value.length);
}

export class HyperLogLog {
  readonly registers: Uint8Array;

  constructor(registers?: Uint8Array) {
    this.registers = registers ?? new Uint8Array(M);
  }

  addHash(hash: number): void {
    const index = hash >>> (32 - HLL_PRECISION);
    const rest = (hash << HLL_PRECISION) | 0;
    const rank = rest === 0 ? 32 - HLL_PRECISION + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  merge(other: HyperLogLog): void {
    const a = this.registers;
    const b = other.registers;
    for (let i = 0; i < M; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.registers[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros)); // small range: linear counting
    const two32 = 2 ** 32;
    if (raw > two32 / 30) return Math.round(-two32 * Math.log(1 - raw / two32)); // hash collisions near 2^32
    return Math.round(raw);
  }

  toBase64(): string {
    return Buffer.from(this.registers).toString('base64');
  }

  static fromBase64(text: string): HyperLogLog {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length !== M) throw new Error(`HyperLogLog state has ${bytes.length} registers, expected ${M}`);
    return new HyperLogLog(new Uint8Array(bytes));
  }
}
