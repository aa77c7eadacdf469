import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 32:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _mlci_core_shard_run__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(155);
/** The pipeline action's validation worker thread, bundled to dist/validate-worker/index.js: validates one byte-range shard. */

await (0,_mlci_core_shard_run__WEBPACK_IMPORTED_MODULE_0__/* .runShardWorker */ .I)();
//# sourceMappingURL=validate-worker.js.map
__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 155:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  I: () => (/* binding */ runShardWorker)
});

// UNUSED EXPORTS: validateShardOf

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ../../../packages/core/dist/validate/paths.js

/** How findings name a file: relative to `cwd` with forward slashes when inside it, else the absolute path. */
function displayPath(cwd, abs) {
    const rel = (0,external_node_path_namespaceObject.relative)(cwd, abs);
    return rel === '' || rel.startsWith('..') || (0,external_node_path_namespaceObject.isAbsolute)(rel) ? abs : rel.split(external_node_path_namespaceObject.sep).join('/');
}
//# sourceMappingURL=paths.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/errors.js
/**
 * Errors that reach users. Each renders as one line: where, what, and how to fix it.
 * Exit codes are assigned at the edges (CLI, actions), never here.
 */
class MlciError extends Error {
    where;
    fix;
    code;
    /** The problem alone, without where/fix. */
    what;
    constructor(what, details = {}, defaultCode = 'error') {
        super(formatLine(what, details.where, details.fix), details.cause === undefined ? undefined : { cause: details.cause });
        this.what = what;
        this.where = details.where;
        this.fix = details.fix;
        this.code = details.code ?? defaultCode;
    }
}
/** Bad input or usage: a missing file, an invalid schema or config, an unreadable model, a bad option. Exit 2. */
class UsageError extends MlciError {
    name = 'UsageError';
    constructor(what, details = {}) {
        super(what, details, 'usage');
    }
}
/** A remote service (GitHub, GitLab) failed in a way the user cannot fix by changing input. */
class ServiceError extends MlciError {
    name = 'ServiceError';
    status;
    constructor(what, details = {}) {
        super(what, details, 'service');
        this.status = details.status;
    }
}
function formatLine(what, where, fix) {
    const head = where ? `${where}: ${what}` : what;
    const line = fix ? `${head}. ${fix}` : head;
    // One line, always: multi-line text from a file or a remote must not break the log format.
    return line.replace(/\s*[\r\n]+\s*/g, ' ');
}
function isMlciError(err) {
    return err instanceof MlciError;
}
//# sourceMappingURL=errors.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/profile/counts.js
/**
 * Exact value → count tables for the profiler's hot path. A Map<number, …> boxes every double key it is asked
 * about (an allocation per cell), so numbers go into an open-addressing table over typed arrays; strings keep one
 * Map lookup per cell by mapping each value to a slot in a typed count array.
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Finite doubles → counts. Keys must be finite and -0 normalised to 0 by the caller; NaN marks an empty slot. */
class NumberCounts {
    keys;
    vals;
    mask;
    size = 0;
    constructor(capacity = 64) {
        let n = 16;
        while (n < capacity * 2)
            n *= 2;
        this.keys = new Float64Array(n).fill(NaN);
        this.vals = new Float64Array(n);
        this.mask = n - 1;
    }
    slot(x) {
        f64[0] = x;
        let h = Math.imul(u32[0] ^ Math.imul(u32[1], 0x9e3779b1), 0x85ebca6b);
        h ^= h >>> 15;
        return h & this.mask;
    }
    add(x, count) {
        const keys = this.keys;
        let i = this.slot(x);
        for (;;) {
            const k = keys[i];
            if (k === x) {
                this.vals[i] += count;
                return;
            }
            if (k !== k) {
                keys[i] = x;
                this.vals[i] = count;
                if (++this.size * 2 > keys.length)
                    this.grow();
                return;
            }
            i = (i + 1) & this.mask;
        }
    }
    grow() {
        const oldKeys = this.keys;
        const oldVals = this.vals;
        const n = oldKeys.length * 2;
        this.keys = new Float64Array(n).fill(NaN);
        this.vals = new Float64Array(n);
        this.mask = n - 1;
        this.size = 0;
        for (let i = 0; i < oldKeys.length; i++) {
            const k = oldKeys[i];
            if (k === k)
                this.add(k, oldVals[i]);
        }
    }
    forEach(fn) {
        const keys = this.keys;
        for (let i = 0; i < keys.length; i++) {
            const k = keys[i];
            if (k === k)
                fn(k, this.vals[i]);
        }
    }
    /** Values ascending with their counts. */
    sorted() {
        const order = [];
        this.forEach((v, c) => order.push([v, c]));
        order.sort((a, b) => a[0] - b[0]);
        return { values: order.map((e) => e[0]), counts: order.map((e) => e[1]) };
    }
}
/** Up to this many keys, StringCounts finds a value by comparing strings instead of a Map lookup. */
const SCANNED = 16;
/** Strings → counts with one Map lookup (or a few comparisons) per added value. */
class StringCounts {
    index = new Map();
    keys = [];
    vals = new Float64Array(64);
    get size() {
        return this.keys.length;
    }
    add(s, count) {
        const keys = this.keys;
        let i;
        if (keys.length <= SCANNED) {
            // A cell is a fresh string: comparing it with a few keys beats hashing it for the Map (3M cells of 5–12
            // categories: 290 → 200 ms).
            for (let k = 0; k < keys.length; k++) {
                if (keys[k] === s) {
                    this.vals[k] += count;
                    return;
                }
            }
        }
        else
            i = this.index.get(s);
        if (i === undefined) {
            i = this.keys.length;
            this.index.set(s, i);
            this.keys.push(s);
            if (i >= this.vals.length) {
                const next = new Float64Array(this.vals.length * 2);
                next.set(this.vals);
                this.vals = next;
            }
        }
        this.vals[i] += count;
    }
    get(s) {
        const i = this.index.get(s);
        return i === undefined ? undefined : this.vals[i];
    }
    forEach(fn) {
        for (let i = 0; i < this.keys.length; i++)
            fn(this.keys[i], this.vals[i]);
    }
    /** Values in ascending UTF-16 code-unit order with their counts. */
    sorted() {
        const order = this.keys.map((_, i) => i);
        order.sort((a, b) => (this.keys[a] < this.keys[b] ? -1 : this.keys[a] > this.keys[b] ? 1 : 0));
        return { values: order.map((i) => this.keys[i]), counts: order.map((i) => this.vals[i]) };
    }
}
//# sourceMappingURL=counts.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/profile/ddsketch.js
/**
 * DDSketch (Masson, Rim, Lee 2019): a quantile sketch with relative-error guarantee α on values. A value x > 0
 * falls into bucket i = ⌈log_γ x⌉ with γ = (1+α)/(1−α) and is represented by 2γ^i/(γ+1), which is within α·x of x;
 * negatives mirror into a second store, exact zeros (and |x| below MIN_INDEXABLE) are counted apart.
 * Bucket counts add on merge, so merging is exact, commutative and associative: the sketch of a whole file equals the
 * merge of its parts' sketches (as long as no store exceeds MAX_BUCKETS and collapses its lowest buckets).
 * Guarantee: the k-th smallest value returned is within α·|x_(k)| of the true k-th smallest value x_(k).
 */
const DDSKETCH_ALPHA = 0.01;
const GAMMA = (1 + DDSKETCH_ALPHA) / (1 - DDSKETCH_ALPHA);
const INV_LOG_GAMMA = 1 / Math.log(GAMMA);
/** Buckets per sign: with α = 1% they span a value ratio of γ^2048 ≈ 10^17.8. */
const MAX_BUCKETS = 2048;
/** Magnitudes below this count as zero. */
const MIN_INDEXABLE = 1e-300;
/** Growable array of bucket counts indexed by an integer bucket key; collapses its lowest keys beyond MAX_BUCKETS. */
class DenseStore {
    counts = new Float64Array(0);
    /** Bucket key of counts[0]. */
    offset = 0;
    /** Lowest and highest non-empty keys; min > max when empty. */
    min = Infinity;
    max = -Infinity;
    add(key, count) {
        if (key < this.offset || key >= this.offset + this.counts.length)
            this.grow(key);
        if (key < this.offset)
            key = this.offset; // below the kept range: collapsed into the lowest bucket
        this.counts[key - this.offset] += count;
        if (key < this.min)
            this.min = key;
        if (key > this.max)
            this.max = key;
    }
    grow(key) {
        const empty = this.min > this.max;
        const hi = empty ? key : Math.max(this.max, key);
        const lo = Math.max(empty ? key : Math.min(this.min, key), hi - MAX_BUCKETS + 1);
        const size = Math.min(MAX_BUCKETS, Math.max(64, 2 * (hi - lo + 1)));
        // Leave the slack on the side that is growing.
        const start = !empty && key < this.offset ? hi - size + 1 : lo;
        const next = new Float64Array(size);
        if (!empty) {
            for (let k = this.min; k <= this.max; k++) {
                const c = this.counts[k - this.offset];
                if (c !== 0)
                    next[Math.max(k, start) - start] += c;
            }
        }
        this.counts = next;
        this.offset = start;
        if (!empty && this.min < start)
            this.min = start;
    }
    get total() {
        let t = 0;
        for (let k = this.min; k <= this.max; k++)
            t += this.counts[k - this.offset];
        return t;
    }
    toState() {
        if (this.min > this.max)
            return { offset: 0, counts: [] };
        return { offset: this.min, counts: Array.from(this.counts.subarray(this.min - this.offset, this.max - this.offset + 1)) };
    }
    static fromState(state) {
        const store = new DenseStore();
        state.counts.forEach((c, i) => {
            if (c !== 0)
                store.add(state.offset + i, c);
        });
        return store;
    }
    /** Non-empty buckets in ascending key order. */
    *entries() {
        for (let k = this.min; k <= this.max; k++) {
            const c = this.counts[k - this.offset];
            if (c !== 0)
                yield [k, c];
        }
    }
}
class DDSketch {
    positive = new DenseStore();
    negative = new DenseStore();
    zero = 0;
    add(value, count = 1) {
        if (value > MIN_INDEXABLE)
            this.positive.add(Math.ceil(Math.log(value) * INV_LOG_GAMMA), count);
        else if (value < -MIN_INDEXABLE)
            this.negative.add(Math.ceil(Math.log(-value) * INV_LOG_GAMMA), count);
        else
            this.zero += count;
    }
    merge(other) {
        for (const [k, c] of other.positive.entries())
            this.positive.add(k, c);
        for (const [k, c] of other.negative.entries())
            this.negative.add(k, c);
        this.zero += other.zero;
    }
    get count() {
        return this.zero + this.positive.total + this.negative.total;
    }
    /**
     * The buckets as a weighted sample in ascending value order: each bucket's representative value and its count.
     * Every represented value is within α of the values it stands for (relative).
     */
    weighted() {
        const values = [];
        const counts = [];
        const neg = [...this.negative.entries()].reverse();
        for (const [k, c] of neg) {
            values.push(-representative(k));
            counts.push(c);
        }
        if (this.zero > 0) {
            values.push(0);
            counts.push(this.zero);
        }
        for (const [k, c] of this.positive.entries()) {
            values.push(representative(k));
            counts.push(c);
        }
        return { values, counts };
    }
    toState() {
        return { alpha: DDSKETCH_ALPHA, zero: this.zero, positive: this.positive.toState(), negative: this.negative.toState() };
    }
    static fromState(state) {
        if (state.alpha !== DDSKETCH_ALPHA)
            throw new Error(`DDSketch alpha ${state.alpha} is not ${DDSKETCH_ALPHA}`);
        const s = new DDSketch();
        s.zero = state.zero;
        s.positive = DenseStore.fromState(state.positive);
        s.negative = DenseStore.fromState(state.negative);
        return s;
    }
}
function representative(key) {
    return (2 * GAMMA ** key) / (GAMMA + 1);
}
//# sourceMappingURL=ddsketch.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/profile/hll.js
/**
 * HyperLogLog distinct counter (Flajolet et al. 2007) over 32-bit hashes with 2^12 registers, read with Ertl's estimator.
 * Relative standard error 1.04/√4096 ≈ 1.6%; merging is a register-wise max, so it is exact, commutative and
 * associative: the sketch of a union equals the merge of the parts' sketches.
 */
const HLL_PRECISION = 12;
const M = 1 << HLL_PRECISION;
/** One standard error of the estimate, relative. */
const HLL_RELATIVE_ERROR = 1.04 / Math.sqrt(M);
const hll_f64 = new Float64Array(1);
const hll_u32 = new Uint32Array(hll_f64.buffer);
/** murmur3's 32-bit finaliser: full avalanche in a few multiplies. */
function fmix32(h) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
function hashNumber(value) {
    hll_f64[0] = value === 0 ? 0 : value; // -0 and 0 are one value
    return fmix32(hll_u32[0] ^ fmix32(hll_u32[1] ^ 0x9e3779b9));
}
function hashString(value) {
    // FNV-1a over UTF-16 code units, then avalanche.
    let h = 0x811c9dc5;
    for (let i = 0; i < value.length; i++) {
        h ^= value.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return fmix32(h ^ value.length);
}
class HyperLogLog {
    registers;
    constructor(registers) {
        this.registers = registers ?? new Uint8Array(M);
    }
    addHash(hash) {
        const index = hash >>> (32 - HLL_PRECISION);
        const rest = (hash << HLL_PRECISION) | 0;
        const rank = rest === 0 ? 32 - HLL_PRECISION + 1 : Math.clz32(rest) + 1;
        if (rank > this.registers[index])
            this.registers[index] = rank;
    }
    merge(other) {
        const a = this.registers;
        const b = other.registers;
        for (let i = 0; i < M; i++)
            if (b[i] > a[i])
                a[i] = b[i];
    }
    /**
     * Ertl's improved raw estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017): unbiased
     * across the whole range without empirical bias tables; the classic estimator's switch to linear counting leaves a
     * bias of a few percent near 2.5·m ≈ 10,000 distinct values, right where profiles switch to sketches.
     */
    estimate() {
        const q = 32 - HLL_PRECISION;
        const histogram = new Array(q + 2).fill(0);
        for (let i = 0; i < M; i++)
            histogram[this.registers[i]]++;
        let z = M * tau(1 - histogram[q + 1] / M);
        for (let k = q; k >= 1; k--)
            z = 0.5 * (z + histogram[k]);
        z += M * sigma(histogram[0] / M);
        return Math.round((M * M) / (2 * Math.LN2) / z);
    }
    toBase64() {
        return Buffer.from(this.registers).toString('base64');
    }
    static fromBase64(text) {
        const bytes = Buffer.from(text, 'base64');
        if (bytes.length !== M)
            throw new Error(`HyperLogLog state has ${bytes.length} registers, expected ${M}`);
        return new HyperLogLog(new Uint8Array(bytes));
    }
}
function sigma(x) {
    if (x === 1)
        return Infinity;
    let y = 1;
    let z = x;
    for (;;) {
        x *= x;
        const previous = z;
        z += x * y;
        y += y;
        if (previous === z)
            return z;
    }
}
function tau(x) {
    if (x === 0 || x === 1)
        return 0;
    let y = 1;
    let z = 1 - x;
    for (;;) {
        x = Math.sqrt(x);
        const previous = z;
        y *= 0.5;
        z -= (1 - x) ** 2 * y;
        if (previous === z)
            return z / 3;
    }
}
//# sourceMappingURL=hll.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/profile/misra-gries.js
/**
 * Misra–Gries heavy hitters with k counters (Misra & Gries 1982; mergeable per Agarwal et al. 2012).
 * Each kept count underestimates the true count by at most `error` ≤ n/(k+1), where n is the number of values seen;
 * a value absent from the sketch occurs at most `error` times. Merging adds counters, then subtracts the (k+1)-th
 * largest and drops non-positive ones; the merged error is the sum of both errors plus the subtracted amount, so the
 * n/(k+1) bound holds for the merged stream too.
 */

/**
 * Counters live in an open-addressing table over typed arrays, keyed by the 32-bit hash the column already computes
 * for its HyperLogLog (a hash match is confirmed by comparing the strings). On a high-cardinality column nearly every
 * value is a new counter that the next shrink drops: a Map paid an insert and a delete per value (~230 ns); this
 * costs a probe and an array write (1M distinct ids: 287 → 60 ms).
 */
class MisraGries {
    k;
    hash;
    n = 0;
    error = 0;
    /** Counters in insertion order (compacted on shrink). */
    values = [];
    counts;
    hashes;
    used = 0;
    /** Room for shrink's selection. */
    scratch = new Float64Array(0);
    /** Table slot → counter index + 1 (0: empty). */
    slots;
    mask;
    constructor(k, hash = hashString) {
        this.k = k;
        this.hash = hash;
        this.counts = new Float64Array(2 * k + 1);
        this.hashes = new Int32Array(2 * k + 1);
        this.slots = new Int32Array(tableSize(2 * k + 1));
        this.mask = this.slots.length - 1;
    }
    /** Counters kept. */
    get size() {
        return this.used;
    }
    /** `hash` must be this sketch's hash of `value` (a column passes the one it computed for its HyperLogLog). */
    add(value, count = 1, hash = this.hash(value)) {
        this.n += count;
        this.bump(value, count, hash | 0);
        // Shrinking only at 2k counters keeps the amortised cost per value O(log k).
        if (this.used >= 2 * this.k)
            this.shrink();
    }
    merge(other) {
        this.n += other.n;
        this.error += other.error;
        for (let i = 0; i < other.used; i++)
            this.bump(other.values[i], other.counts[i], other.hashes[i]);
        if (this.used > this.k)
            this.shrink();
    }
    get(value) {
        const hash = this.hash(value) | 0;
        for (let p = hash & this.mask;; p = (p + 1) & this.mask) {
            const e = this.slots[p];
            if (e === 0)
                return undefined;
            if (this.hashes[e - 1] === hash && this.values[e - 1] === value)
                return this.counts[e - 1];
        }
    }
    forEach(fn) {
        for (let i = 0; i < this.used; i++)
            fn(this.values[i], this.counts[i]);
    }
    bump(value, count, hash) {
        const slots = this.slots;
        const mask = this.mask;
        let p = hash & mask;
        for (;;) {
            const e = slots[p];
            if (e === 0)
                break;
            if (this.hashes[e - 1] === hash && this.values[e - 1] === value) {
                this.counts[e - 1] += count;
                return;
            }
            p = (p + 1) & mask;
        }
        if (this.used === this.counts.length) {
            this.grow();
            this.bump(value, count, hash);
            return;
        }
        const e = this.used++;
        this.values[e] = value;
        this.counts[e] = count;
        this.hashes[e] = hash;
        slots[p] = e + 1;
    }
    /**
     * Keep the k largest counters, all reduced by the (k+1)-th largest count. Each shrink removes at least (k+1)·cut
     * from the counters' total, so the summed cuts never exceed n/(k+1).
     */
    shrink() {
        // Only the (k+1)-th largest count is needed: a selection is linear where sorting the 2k counts was not.
        const scratch = this.scratch.length >= this.used ? this.scratch : (this.scratch = new Float64Array(this.counts.length));
        scratch.set(this.counts.subarray(0, this.used));
        const cut = misra_gries_select(scratch, this.used, this.used - 1 - this.k);
        this.error += cut;
        let kept = 0;
        for (let i = 0; i < this.used; i++) {
            const c = this.counts[i];
            if (c <= cut)
                continue;
            this.values[kept] = this.values[i];
            this.counts[kept] = c - cut;
            this.hashes[kept] = this.hashes[i];
            kept++;
        }
        this.values.length = kept;
        this.used = kept;
        this.reindex();
    }
    grow() {
        const counts = new Float64Array(this.counts.length * 2);
        counts.set(this.counts);
        const hashes = new Int32Array(this.hashes.length * 2);
        hashes.set(this.hashes);
        this.counts = counts;
        this.hashes = hashes;
        this.slots = new Int32Array(tableSize(counts.length));
        this.mask = this.slots.length - 1;
        this.reindex();
    }
    reindex() {
        const slots = this.slots.fill(0);
        const mask = this.mask;
        for (let e = 0; e < this.used; e++) {
            let p = this.hashes[e] & mask;
            while (slots[p] !== 0)
                p = (p + 1) & mask;
            slots[p] = e + 1;
        }
    }
    toState() {
        const order = Array.from({ length: this.used }, (_, i) => i).sort((a, b) => (this.values[a] < this.values[b] ? -1 : this.values[a] > this.values[b] ? 1 : 0));
        return { k: this.k, n: this.n, error: this.error, values: order.map((i) => this.values[i]), counts: order.map((i) => this.counts[i]) };
    }
    static fromState(state) {
        const mg = new MisraGries(state.k);
        state.values.forEach((v, i) => mg.bump(v, state.counts[i], mg.hash(v) | 0));
        mg.n = state.n;
        mg.error = state.error;
        return mg;
    }
}
/** The value at index `nth` of a[0, n) in ascending order (a is reordered): Hoare's quickselect, middle pivot. */
function misra_gries_select(a, n, nth) {
    let lo = 0;
    let hi = n - 1;
    while (hi > lo) {
        const pivot = a[(lo + hi) >> 1];
        let i = lo;
        let j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                const t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        if (nth <= j)
            hi = j;
        else if (nth >= i)
            lo = i;
        else
            return a[nth];
    }
    return a[lo];
}
/** A power of two at least twice the counters, so probes stay short. */
function tableSize(counters) {
    let n = 16;
    while (n < counters * 2)
        n *= 2;
    return n;
}
//# sourceMappingURL=misra-gries.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/profile/columns.js
/**
 * Per-column accumulators. The add* methods are the hot path (called for every cell): plain numeric fields, one Map
 * update while a column is exact, a hash and a bucket increment once it is sketched; no allocation per value.
 */





/** Quantiles reported in every numeric profile. */
const PROFILE_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;
/** Misra–Gries counters for categorical columns beyond the exact cap: counts low by at most n/1001. */
const HEAVY_HITTER_COUNTERS = 1000;
function kindOf(type) {
    switch (type) {
        case 'number':
        case 'integer':
        case 'year':
            return 'numeric';
        case 'date':
        case 'datetime':
        case 'time':
            return 'datetime';
        case 'boolean':
            return 'boolean';
        default:
            return 'categorical';
    }
}
function mismatch(a, b) {
    return new Error(`column '${a.field.name}' is ${a.field.type} in one profile and ${b.field.type} in the other`);
}
class NumericColumn {
    field;
    cap;
    n = 0;
    mean = 0;
    m2 = 0;
    sum = 0;
    sumAbs = 0;
    min = Infinity;
    max = -Infinity;
    nan = 0;
    posInf = 0;
    negInf = 0;
    missing = 0;
    invalid = 0;
    exact = new NumberCounts();
    sketch = null;
    hll = null;
    constructor(field, cap) {
        this.field = field;
        this.cap = cap;
    }
    get cells() {
        return this.n + this.nan + this.posInf + this.negInf + this.missing + this.invalid;
    }
    addNumber(x) {
        if (x - x !== 0) {
            this.countNonFinite(x);
            return;
        }
        if (x === 0)
            x = 0; // -0 → 0 without making a new double per value
        const n = ++this.n;
        const d = x - this.mean;
        this.mean += d / n;
        this.m2 += d * (x - this.mean);
        this.sum += x;
        this.sumAbs += x < 0 ? -x : x;
        if (x < this.min)
            this.min = x;
        if (x > this.max)
            this.max = x;
        this.keep(x);
    }
    /** NaN or ±Infinity: counted, kept out of the statistics (drift drops them too, as Evidently does). */
    countNonFinite(x) {
        if (x === Infinity)
            this.posInf++;
        else if (x === -Infinity)
            this.negInf++;
        else
            this.nan++;
    }
    /** A finite value into the exact counts, or the sketches once the column has more distinct values than the cap. */
    keep(x) {
        const exact = this.exact;
        if (exact !== null) {
            exact.add(x, 1);
            if (exact.size > this.cap)
                this.toSketch();
        }
        else {
            this.sketch.add(x);
            this.hll.addHash(hashNumber(x));
        }
    }
    /** addNumber over a batch, with the running moments in locals (1M values: 16–22 ms, one call per value 19–49 ms). */
    addNumbers(xs, count) {
        let n = this.n;
        let mean = this.mean;
        let m2 = this.m2;
        let sum = this.sum;
        let sumAbs = this.sumAbs;
        let min = this.min;
        let max = this.max;
        for (let i = 0; i < count; i++) {
            let x = xs[i];
            if (x - x !== 0) {
                this.countNonFinite(x);
                continue;
            }
            if (x === 0)
                x = 0;
            n++;
            const d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
            sum += x;
            sumAbs += x < 0 ? -x : x;
            if (x < min)
                min = x;
            if (x > max)
                max = x;
            this.keep(x);
        }
        this.n = n;
        this.mean = mean;
        this.m2 = m2;
        this.sum = sum;
        this.sumAbs = sumAbs;
        this.min = min;
        this.max = max;
    }
    addString() {
        this.invalid++;
    }
    addBoolean() {
        this.invalid++;
    }
    addMissing() {
        this.missing++;
    }
    addInvalid() {
        this.invalid++;
    }
    addMissingCells(n) {
        this.missing += n;
    }
    toSketch() {
        const sketch = new DDSketch();
        const hll = new HyperLogLog();
        this.exact.forEach((v, c) => {
            sketch.add(v, c);
            hll.addHash(hashNumber(v));
        });
        this.sketch = sketch;
        this.hll = hll;
        this.exact = null;
    }
    merge(other) {
        if (!(other instanceof NumericColumn) || kindOf(other.field.type) !== kindOf(this.field.type))
            throw mismatch(this, other);
        const na = this.n;
        const nb = other.n;
        const n = na + nb;
        if (n > 0) {
            // Chan, Golub & LeVeque: combine mean and M2 of two parts.
            const d = other.mean - this.mean;
            this.mean = na === 0 ? other.mean : nb === 0 ? this.mean : this.mean + (d * nb) / n;
            this.m2 = this.m2 + other.m2 + (d * d * na * nb) / n;
        }
        this.n = n;
        this.sum += other.sum;
        this.sumAbs += other.sumAbs;
        this.min = Math.min(this.min, other.min);
        this.max = Math.max(this.max, other.max);
        this.nan += other.nan;
        this.posInf += other.posInf;
        this.negInf += other.negInf;
        this.missing += other.missing;
        this.invalid += other.invalid;
        if (this.exact !== null && other.exact !== null) {
            const mine = this.exact;
            other.exact.forEach((v, c) => mine.add(v, c));
            if (mine.size > this.cap)
                this.toSketch();
            return;
        }
        if (this.exact !== null)
            this.toSketch();
        if (other.exact !== null) {
            other.exact.forEach((v, c) => {
                this.sketch.add(v, c);
                this.hll.addHash(hashNumber(v));
            });
        }
        else {
            this.sketch.merge(other.sketch);
            this.hll.merge(other.hll);
        }
    }
    weighted() {
        if (this.exact !== null)
            return { ...this.exact.sorted(), exact: true };
        const w = this.sketch.weighted();
        // Representatives never lie outside the true range: clamping keeps them within α and honours min/max.
        for (let i = 0; i < w.values.length; i++)
            w.values[i] = Math.min(this.max, Math.max(this.min, w.values[i]));
        return { ...w, exact: false };
    }
    toProfile() {
        const kind = kindOf(this.field.type);
        const render = kind === 'datetime' ? (v) => renderTime(v, this.field.type) : (v) => v;
        const w = this.weighted();
        const quantiles = {};
        if (this.n > 0)
            for (const q of PROFILE_QUANTILES)
                quantiles[String(q)] = render(w.exact ? exactQuantile(w, this.n, q) : orderStatistic(w, Math.floor(q * (this.n - 1))));
        const infinite = this.posInf + this.negInf;
        const profile = {
            name: this.field.name,
            type: this.field.type,
            ...(this.field.format !== undefined ? { format: this.field.format } : {}),
            kind,
            count: this.n + this.nan + infinite,
            missing: this.missing,
            invalid: this.invalid,
            distinct: (this.exact !== null ? this.exact.size : this.hll.estimate()) + (this.nan > 0 ? 1 : 0) + (this.posInf > 0 ? 1 : 0) + (this.negInf > 0 ? 1 : 0),
            distinctExact: this.exact !== null,
            top: this.exact !== null ? topValues(w.values, w.counts).map((t) => ({ value: render(t.value), count: t.count })) : [],
            topExact: this.exact !== null,
            min: this.n > 0 ? render(this.min) : null,
            max: this.n > 0 ? render(this.max) : null,
            mean: this.n > 0 ? render(this.mean) : null,
            std: this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : null,
            sum: kind === 'numeric' && this.n > 0 ? this.sum : null,
            nan: this.nan,
            infinite,
            quantiles,
            quantilesExact: w.exact,
            histogram: this.n > 0 ? histogram(w, this.min, this.max, render) : null,
            state: {
                n: this.n,
                mean: this.mean,
                m2: this.m2,
                sum: this.sum,
                sumAbs: this.sumAbs,
                min: this.n > 0 ? this.min : 0,
                max: this.n > 0 ? this.max : 0,
                nan: this.nan,
                posInf: this.posInf,
                negInf: this.negInf,
                exact: w.exact ? { values: w.values, counts: w.counts } : null,
                sketch: this.sketch !== null ? { ddsketch: this.sketch.toState(), hll: this.hll.toBase64() } : null,
            },
        };
        return profile;
    }
    static fromProfile(p, cap) {
        const c = new NumericColumn(fieldOf(p), cap);
        const s = p.state;
        Object.assign(c, { n: s.n, mean: s.mean, m2: s.m2, sum: s.sum, sumAbs: s.sumAbs, nan: s.nan, posInf: s.posInf, negInf: s.negInf });
        c.min = s.n > 0 ? s.min : Infinity;
        c.max = s.n > 0 ? s.max : -Infinity;
        c.missing = p.missing;
        c.invalid = p.invalid;
        if (s.exact !== null) {
            const exact = new NumberCounts(s.exact.values.length);
            s.exact.values.forEach((v, i) => exact.add(v, s.exact.counts[i]));
            c.exact = exact;
            if (exact.size > cap)
                c.toSketch();
        }
        else if (s.sketch !== null) {
            c.exact = null;
            c.sketch = DDSketch.fromState(s.sketch.ddsketch);
            c.hll = HyperLogLog.fromBase64(s.sketch.hll);
        }
        return c;
    }
}
class CategoricalColumn {
    field;
    cap;
    count = 0;
    missing = 0;
    invalid = 0;
    minLength = Infinity;
    maxLength = -Infinity;
    exact = new StringCounts();
    hll = null;
    mg = null;
    constructor(field, cap) {
        this.field = field;
        this.cap = cap;
    }
    get cells() {
        return this.count + this.missing + this.invalid;
    }
    addString(s) {
        this.addRepeated(s, 1);
    }
    /** `s`, `count` times. */
    addRepeated(s, count) {
        this.count += count;
        const len = s.length;
        if (len < this.minLength)
            this.minLength = len;
        if (len > this.maxLength)
            this.maxLength = len;
        const exact = this.exact;
        if (exact !== null) {
            exact.add(s, count);
            if (exact.size > this.cap)
                this.toSketch();
        }
        else {
            const hash = hashString(s);
            this.hll.addHash(hash);
            this.mg.add(s, count, hash);
        }
    }
    addNumber(x) {
        this.addString(String(x));
    }
    addBoolean(b) {
        this.addString(b ? 'true' : 'false');
    }
    addStrings(values, count) {
        for (let i = 0; i < count; i++)
            this.addString(values[i]);
    }
    addStringCounts(values, counts, n) {
        for (let i = 0; i < n; i++)
            if (counts[i] > 0)
                this.addRepeated(values[i], counts[i]);
    }
    addMissing() {
        this.missing++;
    }
    addInvalid() {
        this.invalid++;
    }
    addMissingCells(n) {
        this.missing += n;
    }
    toSketch() {
        const hll = new HyperLogLog();
        const mg = new MisraGries(HEAVY_HITTER_COUNTERS);
        this.exact.forEach((v, c) => {
            const hash = hashString(v);
            hll.addHash(hash);
            mg.add(v, c, hash);
        });
        this.hll = hll;
        this.mg = mg;
        this.exact = null;
    }
    merge(other) {
        if (!(other instanceof CategoricalColumn))
            throw mismatch(this, other);
        this.count += other.count;
        this.missing += other.missing;
        this.invalid += other.invalid;
        this.minLength = Math.min(this.minLength, other.minLength);
        this.maxLength = Math.max(this.maxLength, other.maxLength);
        if (this.exact !== null && other.exact !== null) {
            const mine = this.exact;
            other.exact.forEach((v, c) => mine.add(v, c));
            if (mine.size > this.cap)
                this.toSketch();
            return;
        }
        if (this.exact !== null)
            this.toSketch();
        if (other.exact !== null) {
            other.exact.forEach((v, c) => {
                const hash = hashString(v);
                this.hll.addHash(hash);
                this.mg.add(v, c, hash);
            });
        }
        else {
            this.hll.merge(other.hll);
            this.mg.merge(other.mg);
        }
    }
    /** Category counts: exact, or the heavy hitters (each low by at most `error`) plus the unattributed rest. */
    categories() {
        let values;
        let counts;
        if (this.exact !== null)
            ({ values, counts } = this.exact.sorted());
        else {
            ({ values, counts } = this.mg.toState());
        }
        const kept = counts.reduce((a, b) => a + b, 0);
        return { values, counts, exact: this.exact !== null, other: this.count - kept, error: this.mg?.error ?? 0 };
    }
    toProfile() {
        const cats = this.categories();
        const exact = this.exact !== null;
        const profile = {
            name: this.field.name,
            type: this.field.type,
            ...(this.field.format !== undefined ? { format: this.field.format } : {}),
            kind: 'categorical',
            count: this.count,
            missing: this.missing,
            invalid: this.invalid,
            distinct: exact ? this.exact.size : this.hll.estimate(),
            distinctExact: exact,
            top: topValues(cats.values, cats.counts),
            topExact: exact,
            minLength: this.count > 0 ? this.minLength : null,
            maxLength: this.count > 0 ? this.maxLength : null,
            state: {
                minLength: this.count > 0 ? this.minLength : 0,
                maxLength: this.count > 0 ? this.maxLength : 0,
                exact: exact ? { values: cats.values, counts: cats.counts } : null,
                sketch: exact ? null : { hll: this.hll.toBase64(), mg: this.mg.toState() },
            },
        };
        if (!exact)
            profile.topError = this.mg.error;
        return profile;
    }
    static fromProfile(p, cap) {
        const c = new CategoricalColumn(fieldOf(p), cap);
        c.count = p.count;
        c.missing = p.missing;
        c.invalid = p.invalid;
        c.minLength = p.count > 0 ? p.state.minLength : Infinity;
        c.maxLength = p.count > 0 ? p.state.maxLength : -Infinity;
        const s = p.state;
        if (s.exact !== null) {
            const exact = new StringCounts();
            s.exact.values.forEach((v, i) => exact.add(v, s.exact.counts[i]));
            c.exact = exact;
            if (exact.size > cap)
                c.toSketch();
        }
        else if (s.sketch !== null) {
            c.exact = null;
            c.hll = HyperLogLog.fromBase64(s.sketch.hll);
            c.mg = MisraGries.fromState(s.sketch.mg);
        }
        return c;
    }
}
class BooleanColumn {
    field;
    trues = 0;
    falses = 0;
    missing = 0;
    invalid = 0;
    constructor(field) {
        this.field = field;
    }
    get cells() {
        return this.trues + this.falses + this.missing + this.invalid;
    }
    addBoolean(b) {
        if (b)
            this.trues++;
        else
            this.falses++;
    }
    addNumber() {
        this.invalid++;
    }
    addString() {
        this.invalid++;
    }
    addMissing() {
        this.missing++;
    }
    addInvalid() {
        this.invalid++;
    }
    addMissingCells(n) {
        this.missing += n;
    }
    merge(other) {
        if (!(other instanceof BooleanColumn))
            throw mismatch(this, other);
        this.trues += other.trues;
        this.falses += other.falses;
        this.missing += other.missing;
        this.invalid += other.invalid;
    }
    toProfile() {
        const top = [];
        if (this.trues > 0)
            top.push({ value: true, count: this.trues });
        if (this.falses > 0)
            top.push({ value: false, count: this.falses });
        top.sort((a, b) => b.count - a.count || (a.value ? 1 : -1));
        return {
            name: this.field.name,
            type: this.field.type,
            ...(this.field.format !== undefined ? { format: this.field.format } : {}),
            kind: 'boolean',
            count: this.trues + this.falses,
            missing: this.missing,
            invalid: this.invalid,
            distinct: top.length,
            distinctExact: true,
            top,
            topExact: true,
            true: this.trues,
            false: this.falses,
        };
    }
    static fromProfile(p) {
        const c = new BooleanColumn(fieldOf(p));
        c.trues = p.true;
        c.falses = p.false;
        c.missing = p.missing;
        c.invalid = p.invalid;
        return c;
    }
}
function fieldOf(p) {
    return p.format !== undefined ? { name: p.name, type: p.type, format: p.format } : { name: p.name, type: p.type };
}
function createColumn(field, cap) {
    switch (kindOf(field.type)) {
        case 'numeric':
        case 'datetime':
            return new NumericColumn(field, cap);
        case 'boolean':
            return new BooleanColumn(field);
        default:
            return new CategoricalColumn(field, cap);
    }
}
function columnFromProfile(p, cap) {
    switch (p.kind) {
        case 'numeric':
        case 'datetime':
            return NumericColumn.fromProfile(p, cap);
        case 'boolean':
            return BooleanColumn.fromProfile(p);
        default:
            return CategoricalColumn.fromProfile(p, cap);
    }
}
/** numpy's default (linear) quantile over an exact multiset: position q·(n−1) between order statistics. */
function exactQuantile(w, n, q) {
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    const a = orderStatistic(w, lo);
    if (pos === lo)
        return a;
    const b = orderStatistic(w, lo + 1);
    return a + (b - a) * (pos - lo);
}
/** The k-th smallest value (0-based) of a weighted multiset. */
function orderStatistic(w, k) {
    let seen = 0;
    for (let i = 0; i < w.values.length; i++) {
        seen += w.counts[i];
        if (seen > k)
            return w.values[i];
    }
    return w.values[w.values.length - 1];
}
function topValues(values, counts) {
    const order = values.map((_, i) => i);
    order.sort((a, b) => counts[b] - counts[a] || (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
    return order.slice(0, TOP_VALUES).map((i) => ({ value: values[i], count: counts[i] }));
}
/**
 * Equal-width bins between min and max, recomputed at finish from the mergeable state (so merged profiles carry the
 * histogram of the whole). Exact from exact counts; from the sketch, each bucket lands in the bin of its
 * representative value, which may be the neighbour of a value's own bin when the value lies within 1% of an edge.
 */
function histogram(w, min, max, render) {
    const bins = min === max ? 1 : HISTOGRAM_BINS;
    const width = (max - min) / bins;
    const counts = new Array(bins).fill(0);
    for (let i = 0; i < w.values.length; i++) {
        const v = w.values[i];
        const b = width === 0 ? 0 : Math.min(bins - 1, Math.floor((v - min) / width));
        counts[b] += w.counts[i];
    }
    const edges = [];
    for (let i = 0; i <= bins; i++)
        edges.push(render(i === bins ? max : min + i * width));
    return { edges, counts, exact: w.exact };
}
/** date → YYYY-MM-DD, time → HH:MM:SS.sss (ms since midnight), datetime → full ISO 8601 in UTC. */
function renderTime(ms, type) {
    const d = new Date(ms);
    if (Number.isNaN(d.getTime()))
        return ms;
    const iso = d.toISOString();
    if (type === 'date')
        return iso.slice(0, 10);
    if (type === 'time')
        return iso.slice(11, 23);
    return iso;
}
//# sourceMappingURL=columns.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/profile/profiler.js


const PROFILE_VERSION = 1;
const DEFAULT_EXACT_CAP = 10_000;
/**
 * One accumulator per schema field. Feed every cell of every row (a value, addMissing or addInvalid) so that each
 * column's cell count is the row count; `finish()` returns profile.json's content.
 */
function createProfiler(fields, options = {}) {
    const cap = options.exactCap ?? DEFAULT_EXACT_CAP;
    const columns = fields.map((f) => createColumn(f, cap));
    return {
        column: (index) => columns[index],
        finish: () => tableProfile(columns, cap),
    };
}
function tableProfile(columns, cap) {
    return {
        version: PROFILE_VERSION,
        rows: columns.reduce((m, c) => Math.max(m, c.cells), 0),
        exactCap: cap,
        columns: columns.map((c) => c.toProfile()),
    };
}
/**
 * Merges the profiles of two parts of a table into the profile of the whole. Counts, min/max, exact value counts and
 * the DDSketch/HyperLogLog states merge exactly (and associatively); mean/std combine by Chan's formula (equal to a
 * single pass up to rounding); Misra–Gries heavy hitters keep their n/(k+1) bound. Columns are matched by name; a
 * column missing from one part counts that part's rows as missing.
 */
function mergeProfiles(a, b) {
    for (const p of [a, b]) {
        if (p.version !== PROFILE_VERSION) {
            throw new UsageError(`profile version ${String(p.version)} is not supported`, {
                fix: `Regenerate the profile with this mlci (profile version ${PROFILE_VERSION})`,
                code: 'profile-version',
            });
        }
    }
    const cap = Math.min(a.exactCap, b.exactCap);
    const merged = new Map();
    for (const p of a.columns)
        merged.set(p.name, columnFromProfile(p, cap));
    const inB = new Set();
    for (const p of b.columns) {
        inB.add(p.name);
        const other = columnFromProfile(p, cap);
        const mine = merged.get(p.name);
        if (mine === undefined) {
            other.addMissingCells(a.rows);
            merged.set(p.name, other);
            continue;
        }
        try {
            mine.merge(other);
        }
        catch (err) {
            throw new UsageError(err.message, {
                fix: 'Profile both parts with the same schema',
                code: 'profile-mismatch',
            });
        }
    }
    for (const [name, column] of merged)
        if (!inB.has(name) && a.columns.some((c) => c.name === name))
            column.addMissingCells(b.rows);
    const columns = [...merged.values()];
    return { version: PROFILE_VERSION, rows: a.rows + b.rows, exactCap: cap, columns: columns.map((c) => c.toProfile()) };
}
//# sourceMappingURL=profiler.js.map
;// CONCATENATED MODULE: external "node:buffer"
const external_node_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/decode.js

/**
 * How the bytes of one working buffer are decoded. Checked once per buffer with Node's SIMD validators, so the
 * common cases (pure ASCII, valid UTF-8) cost nothing per cell; only a buffer with bad bytes checks row by row.
 */
const Encoding = {
    /** Every byte < 0x80: latin1 decoding is exact and fastest. */
    Ascii: 0,
    /** Valid UTF-8 (up to the last complete character). */
    Utf8: 1,
    /** Contains invalid UTF-8 somewhere: check each row, decode with U+FFFD. */
    Invalid: 2,
    /** A windows-1252 file with bytes >= 0x80: latin1 plus the 0x80-0x9F block (€, curly quotes, dashes…). */
    Windows1252: 3,
};
// Buffer#latin1Slice/utf8Slice are what Buffer#toString calls after argument checks; use them when present.
const hasFastSlices = typeof Buffer.prototype.latin1Slice === 'function' && typeof Buffer.prototype.utf8Slice === 'function';
const decodeLatin1 = hasFastSlices
    ? (buf, start, end) => buf.latin1Slice(start, end)
    : (buf, start, end) => buf.toString('latin1', start, end);
const decodeUtf8 = hasFastSlices
    ? (buf, start, end) => buf.utf8Slice(start, end)
    : (buf, start, end) => buf.toString('utf8', start, end);
// windows-1252 0x80-0x9F (WHATWG Encoding Standard); the five bytes it leaves undefined map to the same C1 code.
const CP1252_C1 = [
    0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;
function decodeWindows1252(buf, start, end) {
    const text = decodeLatin1(buf, start, end);
    return C1.test(text) ? text.replace(C1_ALL, (c) => String.fromCharCode(CP1252_C1[c.charCodeAt(0) - 0x80])) : text;
}
function decoderFor(encoding) {
    return encoding === Encoding.Ascii ? decodeLatin1 : encoding === Encoding.Windows1252 ? decodeWindows1252 : decodeUtf8;
}
function decode(buf, start, end, encoding) {
    return decoderFor(encoding)(buf, start, end);
}
const CHARSETS = {
    'utf-8': 'utf-8',
    utf8: 'utf-8',
    'iso-8859-1': 'latin1',
    'iso8859-1': 'latin1',
    latin1: 'latin1',
    'latin-1': 'latin1',
    'windows-1252': 'windows-1252',
    cp1252: 'windows-1252',
};
/** The charset an `encoding` option names (case-insensitive, common aliases), or undefined when unsupported. */
function charsetOf(name) {
    return CHARSETS[name.trim().toLowerCase()];
}
/** Classifies `buf`; a trailing incomplete character is ignored unless `final` (the next chunk completes it). */
function classify(buf, final, charset = 'utf-8') {
    // In a single-byte charset every byte is a character: nothing to validate.
    if (charset === 'latin1')
        return Encoding.Ascii;
    if ((0,external_node_buffer_namespaceObject.isAscii)(buf))
        return Encoding.Ascii;
    if (charset === 'windows-1252')
        return Encoding.Windows1252;
    const end = final ? buf.length : completeUtf8End(buf);
    return (0,external_node_buffer_namespaceObject.isUtf8)(end === buf.length ? buf : buf.subarray(0, end)) ? Encoding.Utf8 : Encoding.Invalid;
}
function isValidUtf8(buf, start, end) {
    return (0,external_node_buffer_namespaceObject.isUtf8)(buf.subarray(start, end));
}
/** Length of `buf` without a trailing, incomplete UTF-8 sequence. */
function completeUtf8End(buf) {
    const len = buf.length;
    let i = len - 1;
    let continuation = 0;
    while (i >= 0 && continuation < 3 && (buf[i] & 0xc0) === 0x80) {
        i--;
        continuation++;
    }
    if (i < 0)
        return len;
    const lead = buf[i];
    if (lead < 0xc0)
        return len;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    return len - i < need ? i : len;
}
const UTF8_BOM = (/* unused pure expression or super */ null && ([0xef, 0xbb, 0xbf]));
function hasBom(buf) {
    return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}
/** A UTF-16 byte order mark (Excel's "Unicode text" export), which no charset here can read. */
function hasUtf16Bom(buf) {
    return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}
//# sourceMappingURL=decode.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/parser.js
const LF = 0x0a;
const CR = 0x0d;
/** First index of `byte` in `buf` at or after `from`, or `buf.length` when absent. */
function indexOrEnd(buf, byte, from) {
    const i = buf.indexOf(byte, from);
    return i < 0 ? buf.length : i;
}
/** Physical line breaks in buf[from, to): LF, CR and CRLF each count once. */
function countLineBreaks(buf, from, to) {
    let n = 0;
    for (let i = from; i < to; i++) {
        const b = buf[i];
        if (b === LF)
            n++;
        else if (b === CR && buf[i + 1] !== LF)
            n++;
    }
    return n;
}
const ENCODING_MESSAGE = 'bytes that are not valid UTF-8 (read as U+FFFD); save the file as UTF-8';
//# sourceMappingURL=parser.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/csv.js



const SNIFFED = [0x3b, 0x09, 0x7c]; // ; tab |
/**
 * Packed reading of ASCII bytes decodes this many bytes at once and hands rows over as ranges of that text: one
 * native call per ~20 rows instead of per row. Small, as a long cell a profile keeps pins its whole span.
 */
const SPAN_BYTES = 2048;
/** Checks a dialect option: one ASCII character that is not a line break. */
function dialectByte(value, name, allowEmpty) {
    if (value === '' && allowEmpty)
        return -1;
    const code = value.length === 1 ? value.charCodeAt(0) : -1;
    if (code < 0 || code > 0x7f || code === LF || code === CR) {
        const shown = JSON.stringify(value);
        throw new UsageError(`invalid ${name} ${shown}: it must be one ASCII character other than a line break`, {
            where: name,
            fix: name === 'delimiter' ? "Use e.g. ',', ';', '|' or '\\t'" : name === 'quote' ? `Use '"' or "'", or '' to turn quoting off` : "Use e.g. '#', or '' for none",
            code: 'invalid-option',
        });
    }
    return code;
}
/**
 * RFC 4180 records over bytes. Rows without a quote byte take the fast path: one native scan per line break, one
 * decode per row, cells cut with indexOf/slice. Rows with a quote are decoded whole and parsed on their text.
 * Decoding row by row (not chunk by chunk) keeps cells from pinning a whole chunk's string in memory.
 * Lenient where Python's csv module is: a quote inside an unquoted field is literal text, and text after a closing
 * quote is appended to the field.
 */
class CsvParser {
    charset;
    header;
    line = 1;
    encoding = Encoding.Ascii;
    delim;
    delimText;
    sniff;
    quoteText;
    /** Cached positions of the next LF and CR in the current buffer (see lineEnd). */
    nextLF = 0;
    nextCR = 0;
    /** Cells in the last record: the likely width of the next. */
    width = 1;
    quote;
    hasHeader;
    comment;
    skipSpaces;
    constructor(dialect, charset = 'utf-8') {
        this.charset = charset;
        this.delim = dialectByte(dialect.delimiter, 'delimiter', false);
        this.quote = dialectByte(dialect.quote, 'quote', true);
        if (this.delim === this.quote) {
            throw new UsageError('the delimiter and the quote are the same character', { where: 'quote', fix: 'Choose a different quote or delimiter', code: 'invalid-option' });
        }
        this.comment = dialectByte(dialect.commentChar, 'commentChar', true);
        if (this.comment >= 0 && (this.comment === this.delim || this.comment === this.quote)) {
            throw new UsageError('the comment character is also the delimiter or the quote', { where: 'commentChar', fix: 'Choose a different comment character', code: 'invalid-option' });
        }
        this.skipSpaces = dialect.skipInitialSpace;
        this.sniff = dialect.sniffDelimiter ?? false;
        this.delimText = dialect.delimiter;
        this.quoteText = dialect.quote;
        this.hasHeader = dialect.header;
    }
    parse(buf, final, sink) {
        const len = buf.length;
        this.encoding = classify(buf, final, this.charset);
        const quote = this.quote;
        let pos = 0;
        let nextLF = indexOrEnd(buf, LF, 0);
        let nextCR = indexOrEnd(buf, CR, 0);
        let nextQuote = quote < 0 ? len : indexOrEnd(buf, quote, 0);
        // Packed reading: the decoded text of bytes [spanStart, spanEnd), shared by the rows inside it.
        let span = '';
        let spanStart = 0;
        let spanEnd = -1;
        const packed = sink.textRow !== undefined && !this.skipSpaces;
        while (pos < len) {
            if (nextLF < pos)
                nextLF = indexOrEnd(buf, LF, pos);
            if (nextCR < pos)
                nextCR = indexOrEnd(buf, CR, pos);
            if (nextQuote < pos)
                nextQuote = indexOrEnd(buf, quote, pos);
            const end = nextLF < nextCR ? nextLF : nextCR;
            if (this.sniff && end > pos && buf[pos] !== this.comment) {
                if (end === len && !final)
                    break;
                if (!this.sniffDelimiter(buf, pos, end, final))
                    break;
            }
            if (buf[pos] === this.comment) {
                const next = afterLineBreak(buf, end, final);
                if (next < 0)
                    break;
                this.line++;
                pos = next;
                continue;
            }
            if (nextQuote < end) {
                this.nextLF = nextLF;
                this.nextCR = nextCR;
                const next = this.quotedRecord(buf, pos, end, final, sink);
                nextLF = this.nextLF;
                nextCR = this.nextCR;
                if (next < 0)
                    break;
                pos = next;
                continue;
            }
            const next = afterLineBreak(buf, end, final);
            if (next < 0)
                break;
            if (end > pos) {
                if (packed && this.header !== undefined) {
                    if (this.encoding === Encoding.Ascii) {
                        if (end > spanEnd) {
                            spanStart = pos;
                            spanEnd = Math.max(end, Math.min(len, pos + SPAN_BYTES));
                            span = decodeLatin1(buf, spanStart, spanEnd);
                        }
                        sink.textRow(span, pos - spanStart, end - spanStart, this.line, this.delimText);
                    }
                    else {
                        const text = this.text(buf, pos, end, sink);
                        sink.textRow(text, 0, text.length, this.line, this.delimText);
                    }
                }
                else {
                    const text = this.text(buf, pos, end, sink);
                    this.emit(this.skipSpaces ? splitRowSkippingSpaces(text, this.delimText) : splitRow(text, this.delimText, this.width), sink);
                }
            }
            this.line++;
            pos = next;
        }
        return pos;
    }
    /** Continues mid-file: the header is known and the next byte starts physical line `line`. */
    resume(header, line) {
        this.header = header;
        this.line = line;
        this.sniff = false;
        this.width = header.length;
    }
    /** The delimiter in use (after sniffing, when asked to sniff). */
    get delimiter() {
        return this.delimText;
    }
    /**
     * Excel in many European locales writes `;`-separated "CSV". When the header line has no default delimiter at all,
     * use whichever of `;`, tab or `|` it holds most often, provided the next line holds it too (so a one-column file
     * whose name has a `;` stays one column). Returns false while that next line is not in the buffer yet.
     */
    sniffDelimiter(buf, start, end, final) {
        const usual = buf.indexOf(this.delim, start);
        if (usual >= 0 && usual < end) {
            this.sniff = false;
            return true;
        }
        let nextStart = afterLineBreak(buf, end, final);
        if (nextStart < 0)
            return false;
        while (nextStart < buf.length && (buf[nextStart] === LF || buf[nextStart] === CR))
            nextStart++;
        const nextEnd = Math.min(indexOrEnd(buf, LF, nextStart), indexOrEnd(buf, CR, nextStart));
        if (nextEnd === buf.length && !final)
            return false;
        let best = -1;
        let bestCount = 0;
        for (const candidate of SNIFFED) {
            if (candidate === this.quote || candidate === this.comment)
                continue;
            const count = occurrences(buf, candidate, start, end);
            const confirmed = nextStart >= buf.length || occurrences(buf, candidate, nextStart, nextEnd) > 0;
            if (count > bestCount && confirmed) {
                best = candidate;
                bestCount = count;
            }
        }
        if (best >= 0) {
            this.delim = best;
            this.delimText = String.fromCharCode(best);
        }
        this.sniff = false;
        return true;
    }
    /** Decodes one record's bytes; in a buffer with invalid UTF-8, reports the record if its bytes are the bad ones. */
    text(buf, start, end, sink) {
        const encoding = this.encoding;
        if (encoding === Encoding.Ascii)
            return decodeLatin1(buf, start, end);
        if (encoding === Encoding.Windows1252)
            return decoderFor(encoding)(buf, start, end);
        if (encoding === Encoding.Invalid && !isValidUtf8(buf, start, end)) {
            sink.issue({ line: this.line, code: 'encoding', message: ENCODING_MESSAGE });
        }
        return decodeUtf8(buf, start, end);
    }
    emit(cells, sink) {
        this.width = cells.length;
        if (this.header === undefined) {
            if (this.hasHeader) {
                this.header = cells;
                return;
            }
            this.header = cells.map((_, i) => `field${i + 1}`);
        }
        sink.row(cells, this.line);
    }
    /** The next CR or LF at or after `from` (or the buffer's length), from cached scans: each byte is scanned once. */
    lineEnd(buf, from) {
        if (this.nextLF < from)
            this.nextLF = indexOrEnd(buf, LF, from);
        if (this.nextCR < from)
            this.nextCR = indexOrEnd(buf, CR, from);
        return this.nextLF < this.nextCR ? this.nextLF : this.nextCR;
    }
    /**
     * A record with a quote byte before its first line break: decode its first line and parse the text. When a quoted
     * field is still open at the end of the text, it closes at the first quote byte ahead that is not a doubled one,
     * so the text is re-decoded up to the end of that line and parsed again: linear however many lines a field spans.
     * Returns the position after the record, or -1 when the buffer ends before the record does.
     */
    quotedRecord(buf, start, firstEnd, final, sink) {
        const len = buf.length;
        const quote = this.quote;
        const decodeText = decoderFor(this.encoding);
        let end = firstEnd;
        let text = decodeText(buf, start, end);
        for (;;) {
            const cells = this.cells(text);
            if (cells !== undefined) {
                const next = afterLineBreak(buf, end, final);
                if (next < 0)
                    return -1;
                if (this.encoding === Encoding.Invalid && !isValidUtf8(buf, start, end)) {
                    sink.issue({ line: this.line, code: 'encoding', message: ENCODING_MESSAGE });
                }
                this.emit(cells, sink);
                this.line += (end === firstEnd ? 0 : countBreaks(text)) + 1;
                return next;
            }
            let close = buf.indexOf(quote, end);
            while (close >= 0 && close + 1 < len && buf[close + 1] === quote)
                close = buf.indexOf(quote, close + 2);
            if (close < 0 || (close + 1 >= len && !final)) {
                if (!final)
                    return -1;
                this.unterminated(decodeText(buf, start, len), sink);
                return len;
            }
            end = this.lineEnd(buf, close + 1);
            text = decodeText(buf, start, end);
        }
    }
    /**
     * First line with a quote byte inside an unquoted field (read as text), or 0. Byte-range shards find row boundaries
     * by quote parity, which such a quote breaks: the shard merge refuses when any shard saw one.
     */
    strayQuoteLine = 0;
    /** Where the last open quote of `cells()` began, in its text. */
    openQuoteAt = 0;
    /** Parses one record's text into cells, or returns undefined when a quoted field is still open at its end. */
    cells(text) {
        const delim = this.delimText;
        const quoteText = this.quoteText;
        const quote = this.quote;
        const n = text.length;
        const cells = [];
        let i = 0;
        for (;;) {
            let cell;
            if (this.skipSpaces)
                while (text.charCodeAt(i) === 0x20)
                    i++;
            if (text.charCodeAt(i) === quote) {
                const open = i;
                let from = i + 1;
                cell = '';
                for (;;) {
                    const close = text.indexOf(quoteText, from);
                    if (close < 0) {
                        this.openQuoteAt = open;
                        return undefined;
                    }
                    if (text.charCodeAt(close + 1) === quote) {
                        cell += text.slice(from, close + 1);
                        from = close + 2;
                        continue;
                    }
                    cell += text.slice(from, close);
                    i = close + 1;
                    break;
                }
                if (i < n && text.charCodeAt(i) !== this.delim) {
                    // Lenient, like Python's csv: text after the closing quote belongs to the field.
                    const at = text.indexOf(delim, i);
                    const stop = at < 0 ? n : at;
                    if (this.strayQuoteLine === 0 && text.indexOf(quoteText, i) >= 0 && text.indexOf(quoteText, i) < stop)
                        this.strayQuoteLine = this.line;
                    cell += text.slice(i, stop);
                    i = stop;
                }
            }
            else {
                const at = text.indexOf(delim, i);
                const stop = at < 0 ? n : at;
                cell = text.slice(i, stop);
                if (this.strayQuoteLine === 0 && cell.indexOf(quoteText) >= 0)
                    this.strayQuoteLine = this.line;
                i = stop;
            }
            cells.push(cell);
            if (i >= n)
                return cells;
            i++; // the delimiter
            if (i === n) {
                cells.push('');
                return cells;
            }
        }
    }
    /** A quote opened and never closed: everything after it would be one field. Report it and drop the row. */
    unterminated(text, sink) {
        const openLine = this.line + countBreaks(text.slice(0, this.openQuoteAt));
        const rest = text.slice(this.openQuoteAt);
        const swallowed = countBreaks(rest);
        // Lines from the quote's to the last one; a final line break ends the last line rather than starting another.
        const lines = swallowed + (/[\r\n]$/.test(rest) ? 0 : 1);
        sink.issue({
            line: openLine,
            code: 'format',
            message: `unterminated quoted field: the quote opened on line ${openLine} is never closed, so the rest of the file ` +
                `(${lines} line${lines === 1 ? '' : 's'}) would be one field; the row is skipped. Close or double the quote`,
        });
        this.line = openLine + swallowed + 1;
    }
}
function splitRowSkippingSpaces(text, delimiter) {
    const cells = [];
    let from = 0;
    for (;;) {
        while (text.charCodeAt(from) === 0x20)
            from++;
        const at = text.indexOf(delimiter, from);
        if (at < 0) {
            cells.push(text.slice(from));
            return cells;
        }
        cells.push(text.slice(from, at));
        from = at + 1;
    }
}
function occurrences(buf, byte, start, end) {
    let count = 0;
    for (let i = buf.indexOf(byte, start); i >= 0 && i < end; i = buf.indexOf(byte, i + 1))
        count++;
    return count;
}
/** Position after the line break at `end` (CR, LF or CRLF), `end` itself at the end of the file, or -1 if unknown yet. */
function afterLineBreak(buf, end, final) {
    const len = buf.length;
    if (end >= len)
        return final ? len : -1;
    if (buf[end] === CR) {
        // A CR ending the buffer may be the first half of a CRLF.
        if (end + 1 < len)
            return buf[end + 1] === LF ? end + 2 : end + 1;
        return final ? len : -1;
    }
    return end + 1;
}
function countBreaks(text) {
    return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}
/**
 * Packed reading: writes where each of the `width` cells of the unquoted row text[start, end) starts into
 * starts[at…], and end + 1 after them (where a next cell would start), so cell c is text[starts[c], starts[c+1] - 1).
 * False when the row has another number of cells (the caller splits it into strings instead).
 */
function cutRow(text, start, end, delimiter, starts, at, width) {
    let from = start;
    for (let c = 0; c < width; c++) {
        starts[at + c] = from;
        const i = text.indexOf(delimiter, from);
        if (i < 0 || i >= end) {
            starts[at + width] = end + 1;
            return c === width - 1;
        }
        from = i + 1;
    }
    return false;
}
/** Cells of an unquoted row. Measured faster than String#split for short rows (V8 12, 1M x 10 cells: ~0.7x). */
function splitRow(text, delimiter, width) {
    // Sized for the expected width: a pushed-to empty array would reserve 17 slots per row.
    const cells = new Array(width);
    let n = 0;
    let from = 0;
    for (;;) {
        const at = text.indexOf(delimiter, from);
        if (at < 0) {
            cells[n++] = from === 0 ? text : text.slice(from);
            if (n !== width)
                cells.length = n;
            return cells;
        }
        cells[n++] = text.slice(from, at);
        from = at + 1;
    }
}
//# sourceMappingURL=csv.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/keyed.js
/**
 * JSON values as cell text: strings as they are, numbers as their JSON text (`String(n)`: 1.0 reads as "1"),
 * booleans as 'true'/'false', null and absent keys as '' (missing), objects and arrays as JSON text.
 * Integers beyond 2^53 lose precision, as they do in JSON.parse (quote them in the file to keep every digit).
 */
function renderJsonValue(value) {
    switch (typeof value) {
        case 'string':
            return value;
        case 'number':
            return String(value);
        case 'boolean':
            return value ? 'true' : 'false';
        case 'object':
            return value === null ? '' : JSON.stringify(value);
        default:
            return '';
    }
}
function describeJsonValue(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
/**
 * Turns objects into rows aligned with a header taken from the first object's keys. Later keys are not added to the
 * header (the schema, not the order rows happen to arrive in, decides the columns): each unknown key is reported once,
 * as an `extra-field` issue at the first row that has it.
 */
class KeyedRows {
    header;
    known = new Set();
    reported = new Set();
    /** Sets the header read elsewhere (a byte range past the first object). */
    prime(header) {
        this.header = header;
        this.known = new Set(header);
    }
    add(obj, line, sink) {
        let header = this.header;
        if (header === undefined) {
            header = this.header = Object.keys(obj);
            this.known = new Set(header);
        }
        const cells = new Array(header.length);
        let present = 0;
        for (let i = 0; i < header.length; i++) {
            const key = header[i];
            let value = obj[key];
            // Inherited members (`constructor`, `__proto__`) are not keys of the row.
            if (value !== undefined && typeof value === 'object' && value !== null && !Object.hasOwn(obj, key))
                value = undefined;
            else if (typeof value === 'function')
                value = undefined;
            if (value !== undefined)
                present++;
            cells[i] = renderJsonValue(value);
        }
        // JSON objects have only own enumerable keys, so more keys than header keys present means extra keys.
        if (ownKeyCount(obj) > present) {
            for (const key of Object.keys(obj)) {
                if (this.known.has(key) || this.reported.has(key))
                    continue;
                this.reported.add(key);
                sink.issue({ line, code: 'extra-field', field: key, message: `key ${JSON.stringify(key)} is not in the header (the first row's keys); its values are ignored` });
            }
        }
        sink.row(cells, line);
    }
}
function ownKeyCount(obj) {
    let n = 0;
    for (const _key in obj)
        n++;
    return n;
}
//# sourceMappingURL=keyed.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/jsonl.js



/**
 * JSON Lines / NDJSON: one object per line (LF, CRLF or CR; JSON text cannot hold a raw line break). Blank lines
 * are skipped. The header is the first object's keys and that object is also the first row; see KeyedRows.
 */
class JsonLinesParser {
    charset;
    line = 1;
    rows = new KeyedRows();
    constructor(charset = 'utf-8') {
        this.charset = charset;
    }
    get header() {
        return this.rows.header;
    }
    /** Continues mid-file: the header is known and the next byte starts physical line `line`. */
    resume(header, line) {
        this.rows.prime(header);
        this.line = line;
    }
    parse(buf, final, sink) {
        const len = buf.length;
        const encoding = classify(buf, final, this.charset);
        let pos = 0;
        let nextLF = indexOrEnd(buf, LF, 0);
        let nextCR = indexOrEnd(buf, CR, 0);
        while (pos < len) {
            if (nextLF < pos)
                nextLF = indexOrEnd(buf, LF, pos);
            if (nextCR < pos)
                nextCR = indexOrEnd(buf, CR, pos);
            const end = nextLF < nextCR ? nextLF : nextCR;
            let next;
            if (end === len) {
                if (!final)
                    break;
                next = len;
            }
            else if (end === nextCR) {
                if (end + 1 < len)
                    next = buf[end + 1] === LF ? end + 2 : end + 1;
                else if (final)
                    next = len;
                else
                    break;
            }
            else {
                next = end + 1;
            }
            if (end > pos)
                this.record(buf, pos, end, encoding, sink);
            this.line++;
            pos = next;
        }
        return pos;
    }
    record(buf, start, end, encoding, sink) {
        let text;
        if (encoding === Encoding.Invalid) {
            if (!isValidUtf8(buf, start, end))
                sink.issue({ line: this.line, code: 'encoding', message: ENCODING_MESSAGE });
            text = decodeUtf8(buf, start, end);
        }
        else {
            text = decode(buf, start, end, encoding);
        }
        let value;
        try {
            value = JSON.parse(text);
        }
        catch (err) {
            if (text.trim() === '')
                return;
            sink.issue({ line: this.line, code: 'format', message: `not valid JSON (${shortJsonError(err)}); each line must be one JSON object` });
            return;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            sink.issue({ line: this.line, code: 'format', message: `expected a JSON object on this line, found ${describeJsonValue(value)}` });
            return;
        }
        this.rows.add(value, this.line, sink);
    }
}
/** JSON.parse's message without the echo of the input some engines append. */
function shortJsonError(err) {
    const message = err instanceof Error ? err.message : String(err);
    const cut = message.indexOf(', "');
    return (cut > 0 ? message.slice(0, cut) : message).slice(0, 200);
}
//# sourceMappingURL=jsonl.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/json.js




const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;
const Phase = { Start: 0, Between: 1, Element: 2, Done: 3, NotArray: 4 };
/**
 * One JSON array streamed element by element: `[{…}, {…}]` (Frictionless "keyed": header = the first object's keys,
 * see KeyedRows) or `[[…], […]]` (the first array is the header). A small scanner finds where each element ends
 * (tracking depth and strings), so only the elements of one read are parsed at a time, whatever the file size.
 */
class JsonArrayParser {
    charset;
    phase = Phase.Start;
    line = 1;
    prevCR = false;
    /** Scan state of an element cut by the end of a buffer; the next buffer starts at the element's first byte. */
    scanned = 0;
    depth = 0;
    inString = false;
    elementLine = 1;
    kind;
    keyed = new KeyedRows();
    arrayHeader;
    encoding = Encoding.Ascii;
    /** Elements found in the current buffer and not parsed yet: byte ranges and start lines. */
    runStarts = [];
    runEnds = [];
    runLines = [];
    constructor(charset = 'utf-8') {
        this.charset = charset;
    }
    get header() {
        return this.kind === 'arrays' ? this.arrayHeader : this.keyed.header;
    }
    parse(buf, final, sink) {
        this.encoding = classify(buf, final, this.charset);
        const used = this.scan(buf, final, sink);
        this.flush(buf, sink);
        return used;
    }
    scan(buf, final, sink) {
        const len = buf.length;
        let elementStart = 0;
        let i = 0;
        if (this.phase === Phase.Element) {
            i = this.scanned;
            if (this.inString) {
                const close = stringEnd(buf, i, 0);
                if (close < 0)
                    return this.suspend(buf, 0, final, sink);
                this.inString = false;
                i = close + 1;
            }
        }
        for (; i < len; i++) {
            const b = buf[i];
            if (b === LF) {
                if (!this.prevCR)
                    this.line++;
                this.prevCR = false;
                continue;
            }
            if (b === CR) {
                this.line++;
                this.prevCR = true;
                continue;
            }
            this.prevCR = false;
            switch (this.phase) {
                case Phase.Element:
                    if (b === QUOTE) {
                        const close = stringEnd(buf, i + 1, elementStart);
                        if (close < 0) {
                            this.inString = true;
                            return this.suspend(buf, elementStart, final, sink);
                        }
                        i = close;
                    }
                    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
                        this.depth++;
                    }
                    else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
                        if (--this.depth === 0) {
                            this.runStarts.push(elementStart);
                            this.runEnds.push(i + 1);
                            this.runLines.push(this.elementLine);
                            this.phase = Phase.Between;
                        }
                    }
                    break;
                case Phase.Between:
                    if (b === SPACE || b === TAB || b === COMMA)
                        break;
                    if (b === CLOSE_BRACKET) {
                        this.phase = Phase.Done;
                        break;
                    }
                    elementStart = i;
                    this.elementLine = this.line;
                    if (b === OPEN_BRACE || b === OPEN_BRACKET) {
                        this.phase = Phase.Element;
                        this.depth = 1;
                        break;
                    }
                    {
                        const end = scalarEnd(buf, i);
                        if (end < 0 || (end === len && !final)) {
                            if (end < 0 && final)
                                return this.truncated(buf, sink);
                            return elementStart; // short; rescanned with the next chunk
                        }
                        this.flush(buf, sink);
                        sink.issue({ line: this.line, code: 'format', message: `expected an object or an array as array element, found ${describeScalar(buf, i, end)}` });
                        i = end - 1;
                    }
                    break;
                case Phase.Start:
                    if (b === SPACE || b === TAB)
                        break;
                    if (b === OPEN_BRACKET) {
                        this.phase = Phase.Between;
                        break;
                    }
                    this.phase = Phase.NotArray;
                    sink.issue({
                        line: this.line,
                        code: 'format',
                        message: `expected a JSON array of objects ([{…}, …]) or of arrays, found ${b === OPEN_BRACE ? 'an object' : 'other JSON'}; for one object per line, name the file .jsonl`,
                    });
                    return len;
                case Phase.Done:
                    if (b === SPACE || b === TAB)
                        break;
                    this.flush(buf, sink);
                    sink.issue({ line: this.line, code: 'format', message: 'unexpected text after the end of the JSON array' });
                    this.phase = Phase.NotArray;
                    return len;
                default:
                    return len;
            }
        }
        if (this.phase === Phase.Element)
            return this.suspend(buf, elementStart, final, sink);
        if (final && this.phase === Phase.Between) {
            this.flush(buf, sink);
            sink.issue({ line: this.line, code: 'format', message: 'the JSON array is not closed with ]; is the file truncated?' });
        }
        return len;
    }
    /** Keeps an incomplete element for the next buffer, or reports it at the end of the file. */
    suspend(buf, elementStart, final, sink) {
        if (final)
            return this.truncated(buf, sink);
        this.scanned = buf.length - elementStart;
        return elementStart;
    }
    truncated(buf, sink) {
        this.flush(buf, sink);
        sink.issue({ line: this.elementLine, code: 'format', message: 'the file ends inside this array element; is it truncated?' });
        this.phase = Phase.NotArray;
        return buf.length;
    }
    /**
     * Parses the elements found so far in `buf`. One JSON.parse over the whole run (it is `elem, elem, …`) costs far
     * less than one per element; any doubt (bad bytes, a malformed element) falls back to one at a time.
     */
    flush(buf, sink) {
        const count = this.runStarts.length;
        if (count === 0)
            return;
        const { runStarts: starts, runEnds: ends, runLines: lines, encoding } = this;
        this.runStarts = [];
        this.runEnds = [];
        this.runLines = [];
        if (count > 1 && encoding !== Encoding.Invalid) {
            let values;
            try {
                values = JSON.parse(`[${decode(buf, starts[0], ends[count - 1], encoding)}]`);
            }
            catch {
                values = undefined;
            }
            if (Array.isArray(values) && values.length === count) {
                for (let i = 0; i < count; i++)
                    this.accept(values[i], lines[i], sink);
                return;
            }
        }
        for (let i = 0; i < count; i++)
            this.element(buf, starts[i], ends[i], lines[i], sink);
    }
    element(buf, start, end, line, sink) {
        let text;
        if (this.encoding === Encoding.Invalid) {
            if (!isValidUtf8(buf, start, end))
                sink.issue({ line, code: 'encoding', message: ENCODING_MESSAGE });
            text = decodeUtf8(buf, start, end);
        }
        else {
            text = decode(buf, start, end, this.encoding);
        }
        let value;
        try {
            value = JSON.parse(text);
        }
        catch (err) {
            sink.issue({ line, code: 'format', message: `not valid JSON (${shortJsonError(err)})` });
            return;
        }
        this.accept(value, line, sink);
    }
    accept(value, line, sink) {
        const isArray = Array.isArray(value);
        if (this.kind === undefined)
            this.kind = isArray ? 'arrays' : 'keyed';
        if (this.kind === 'arrays') {
            if (!isArray) {
                sink.issue({ line, code: 'format', message: `expected an array like the first element, found ${describeJsonValue(value)}` });
                return;
            }
            const cells = value.map(renderJsonValue);
            if (this.arrayHeader === undefined)
                this.arrayHeader = cells;
            else
                sink.row(cells, line);
            return;
        }
        if (isArray) {
            sink.issue({ line, code: 'format', message: 'expected an object like the first element, found an array' });
            return;
        }
        this.keyed.add(value, line, sink);
    }
}
/** Index of the quote closing a string whose content starts at `from`, or -1 when not in `buf`. */
function stringEnd(buf, from, lowerBound) {
    let q = buf.indexOf(QUOTE, from);
    while (q >= 0) {
        let backslashes = 0;
        for (let k = q - 1; k >= lowerBound && buf[k] === BACKSLASH; k--)
            backslashes++;
        if ((backslashes & 1) === 0)
            return q;
        q = buf.indexOf(QUOTE, q + 1);
    }
    return -1;
}
/** End of a scalar array element (number, string, literal), or -1 when a string in it is not closed in `buf`. */
function scalarEnd(buf, from) {
    if (buf[from] === QUOTE) {
        const close = stringEnd(buf, from + 1, from);
        return close < 0 ? -1 : close + 1;
    }
    let i = from;
    while (i < buf.length) {
        const b = buf[i];
        if (b === COMMA || b === CLOSE_BRACKET || b === SPACE || b === TAB || b === LF || b === CR)
            break;
        i++;
    }
    return i;
}
function describeScalar(buf, start, end) {
    const text = buf.toString('utf8', start, Math.min(end, start + 40));
    try {
        return describeJsonValue(JSON.parse(buf.toString('utf8', start, end)));
    }
    catch {
        return JSON.stringify(text);
    }
}
//# sourceMappingURL=json.js.map
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/source.js



/** Bytes per read. 256 KiB keeps the rows parsed from one read within a batch or two (see DEFAULT_BATCH_ROWS). */
const DEFAULT_CHUNK_SIZE = 1 << 18;
/**
 * Opens `path` for streaming. Missing, directory or unreadable files are UsageErrors naming the path; gzip is
 * recognised by its magic bytes (whatever the name says) and decompressed on the fly.
 */
async function openByteSource(path, chunkSize = DEFAULT_CHUNK_SIZE, range) {
    let handle;
    try {
        handle = await (0,promises_namespaceObject.open)(path, 'r');
    }
    catch (err) {
        throw openError(path, err);
    }
    let gzip = false;
    let seekable = true;
    try {
        const stat = await handle.stat();
        if (stat.isDirectory()) {
            throw new UsageError('is a directory, not a data file', { where: path, fix: 'Pass the path of a .csv, .tsv, .jsonl or .json file', code: 'file-not-found' });
        }
        if (stat.isFile()) {
            const head = Buffer.alloc(2);
            const { bytesRead } = await handle.read(head, 0, 2, 0);
            gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
        }
        else {
            // A pipe (`<(zcat …)`, /dev/stdin) cannot be peeked at: trust the name.
            seekable = false;
            gzip = path.toLowerCase().endsWith('.gz');
        }
    }
    catch (err) {
        await handle.close().catch(() => { });
        throw err instanceof UsageError ? err : openError(path, err);
    }
    if (range !== undefined && (gzip || !seekable)) {
        await handle.close().catch(() => { });
        throw new UsageError(gzip ? 'a gzip file cannot be split by byte ranges' : 'a pipe cannot be split by byte ranges', { where: path, fix: 'Shard by file (pass at least as many files as shards), or decompress the file first', code: 'invalid-option' });
    }
    return gzip ? gunzipSource(path, handle, chunkSize, seekable) : fileSource(path, handle, chunkSize, seekable, range?.start ?? 0, range?.end ?? Infinity);
}
/** Plain files: read straight into one reused buffer, carried bytes moved to its front (no per-chunk garbage). */
function fileSource(path, handle, chunkSize, seekable, start = 0, end = Infinity) {
    let work = Buffer.allocUnsafe(2 * chunkSize);
    let read = 0;
    let closed = false;
    let position = start;
    return {
        gzip: false,
        bytesRead: () => read,
        async next(carry, minBytes) {
            const want = Math.max(carry.length + 1, minBytes);
            const size = Math.max(want, carry.length + chunkSize);
            if (work.length < size) {
                const bigger = Buffer.allocUnsafe(Math.max(size, 2 * work.length));
                carry.copy(bigger, 0);
                work = bigger;
            }
            else if (carry.length > 0 && (carry.buffer !== work.buffer || carry.byteOffset !== work.byteOffset)) {
                carry.copy(work, 0); // Buffer#copy handles the overlap when carry is a tail of work
            }
            let filled = carry.length;
            let eof = false;
            while (filled < want) {
                let n;
                const room = Math.min(work.length - filled, end - position);
                try {
                    n = room <= 0 ? 0 : (await handle.read(work, filled, room, seekable ? position : null)).bytesRead;
                }
                catch (err) {
                    throw readError(path, false, err);
                }
                if (n === 0) {
                    eof = true;
                    break;
                }
                filled += n;
                position += n;
                read += n;
            }
            return { buf: work.subarray(0, filled), eof };
        },
        async close() {
            if (closed)
                return;
            closed = true;
            await handle.close().catch(() => { });
        },
    };
}
function gunzipSource(path, handle, chunkSize, seekable) {
    const file = handle.createReadStream({ ...(seekable ? { start: 0 } : {}), highWaterMark: chunkSize, autoClose: true });
    const gunzip = (0,external_node_zlib_namespaceObject.createGunzip)({ chunkSize: Math.max(64, Math.min(chunkSize, 1 << 20)) });
    file.on('error', (err) => gunzip.destroy(err));
    const stream = file.pipe(gunzip);
    const iterator = stream[Symbol.asyncIterator]();
    let read = 0;
    let closed = false;
    return {
        gzip: true,
        bytesRead: () => read,
        async next(carry, minBytes) {
            const want = Math.max(carry.length + 1, minBytes);
            const parts = carry.length > 0 ? [carry] : [];
            let filled = carry.length;
            let eof = false;
            while (filled < want) {
                let r;
                try {
                    r = await iterator.next();
                }
                catch (err) {
                    throw readError(path, true, err);
                }
                if (r.done) {
                    eof = true;
                    break;
                }
                parts.push(r.value);
                filled += r.value.length;
                read += r.value.length;
            }
            return { buf: parts.length === 1 ? parts[0] : Buffer.concat(parts, filled), eof };
        },
        async close() {
            if (closed)
                return;
            closed = true;
            stream.destroy();
            file.destroy();
            await handle.close().catch(() => { });
        },
    };
}
function errnoCode(err) {
    return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}
function openError(path, err) {
    switch (errnoCode(err)) {
        case 'ENOENT':
            return new UsageError('file not found', { where: path, fix: 'Check the path (relative paths are resolved against the working directory)', code: 'file-not-found', cause: err });
        case 'EISDIR':
            return new UsageError('is a directory, not a data file', { where: path, fix: 'Pass the path of a .csv, .tsv, .jsonl or .json file', code: 'file-not-found', cause: err });
        case 'EACCES':
        case 'EPERM':
            return new UsageError('permission denied', { where: path, fix: 'Make the file readable by this user (chmod +r)', code: 'file-unreadable', cause: err });
        default:
            return new UsageError(`cannot open the file (${err instanceof Error ? err.message : String(err)})`, { where: path, fix: 'Check that the path names a readable file', code: 'file-unreadable', cause: err });
    }
}
function readError(path, gzip, err) {
    const message = err instanceof Error ? err.message : String(err);
    if (gzip && typeof err === 'object' && err !== null && 'errno' in err && errnoCode(err)?.startsWith('Z_')) {
        return new UsageError(`the gzip data is corrupt or truncated (${message})`, { where: path, fix: 'Re-create the .gz file, e.g. gzip -k <file>, and check it with gzip -t', code: 'file-unreadable', cause: err });
    }
    return new UsageError(`cannot read the file (${message})`, { where: path, fix: 'Check that the path names a readable file', code: 'file-unreadable', cause: err });
}
//# sourceMappingURL=source.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/types.js
/** Streaming table readers: the contract every format (CSV, TSV, JSON Lines, JSON arrays, gzip of any) meets. */
/** The placeholder in RowBatch.rows for a row held in `texts`/`starts` (packed reading). */
const PACKED_ROW = Object.freeze([]);
//# sourceMappingURL=types.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/open.js








/**
 * Rows per batch. Small enough that a batch dies young (V8 scavenges it instead of promoting it to the old
 * generation): on 1M x 10 cells, 2048 rows ran ~1.5x faster and with half the peak RSS of 8192 (bench/readers.mjs).
 */
const DEFAULT_BATCH_ROWS = 2048;
const EXTENSIONS = {
    csv: 'csv',
    tsv: 'tsv',
    tab: 'tsv',
    jsonl: 'jsonl',
    ndjson: 'jsonl',
    json: 'json',
};
const MAX_HEADER_ISSUES = 1000;
/** The table format a file name implies (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`, `.json`, each optionally `.gz`). */
function detectFormat(path) {
    let name = (0,external_node_path_namespaceObject.basename)(path).toLowerCase();
    if (name.endsWith('.gz'))
        name = name.slice(0, -3);
    const dot = name.lastIndexOf('.');
    return dot < 0 ? undefined : EXTENSIONS[name.slice(dot + 1)];
}
/**
 * Opens a data file for one streaming pass. Resolves once the header is known; rows follow in `batches`.
 * Syntax and encoding problems are ReadIssues (reading goes on); a file that cannot be read is a UsageError.
 */
async function openTable(path, options = {}, range) {
    const format = options.format ?? detectFormat(path);
    if (format === undefined) {
        throw new UsageError('cannot tell the data format from the file name', {
            where: path,
            fix: 'Name it .csv, .tsv, .jsonl, .ndjson or .json (optionally .gz), or give the format explicitly',
            code: 'unknown-format',
        });
    }
    const parser = createParser(range?.delimiter !== undefined ? { ...options, delimiter: range.delimiter } : options, format);
    if (range !== undefined) {
        if (!(parser instanceof CsvParser || parser instanceof JsonLinesParser)) {
            throw new UsageError('a JSON array file cannot be split by byte ranges', { where: path, fix: 'Shard by file, or convert it to JSON Lines', code: 'invalid-option' });
        }
        if (range.header !== undefined)
            parser.resume(range.header, range.line);
    }
    const batchRows = positiveInteger(options.batchRows, DEFAULT_BATCH_ROWS, 'batchRows');
    const maxRows = options.maxRows === undefined ? Infinity : nonNegativeInteger(options.maxRows, 'maxRows');
    const chunkSize = positiveInteger(options.chunkSize, DEFAULT_CHUNK_SIZE, 'chunkSize');
    const source = await openByteSource(path, chunkSize, range);
    const reader = new TableReader(path, source, parser, batchRows, maxRows, options.packed === true && parser instanceof CsvParser);
    // A range past the file's start begins mid-file: no byte order mark to look for.
    if (range !== undefined && range.start > 0)
        reader.started = true;
    try {
        await reader.readHeader();
    }
    catch (err) {
        await source.close();
        throw err;
    }
    return {
        path,
        format,
        ...(parser instanceof CsvParser ? { delimiter: parser.delimiter } : {}),
        header: parser.header ?? [],
        headerIssues: reader.headerIssues,
        batches: reader.batches(),
        bytesRead: () => source.bytesRead(),
        ...(parser instanceof CsvParser ? { strayQuoteLine: () => parser.strayQuoteLine } : {}),
        close: () => source.close(),
    };
}
function createParser(options, format) {
    const charset = options.encoding === undefined ? 'utf-8' : charsetOf(options.encoding);
    if (charset === undefined) {
        throw new UsageError(`unsupported encoding ${JSON.stringify(options.encoding)}: mlci reads utf-8, iso-8859-1 (latin1) and windows-1252`, {
            where: 'encoding',
            fix: `Convert the file to UTF-8 first, e.g. iconv -f ${options.encoding} -t UTF-8 in.csv > out.csv`,
            code: 'invalid-option',
        });
    }
    return parserFor(format, options, charset);
}
function parserFor(format, options, charset) {
    switch (format) {
        case 'csv':
        case 'tsv':
            return new CsvParser({
                delimiter: options.delimiter ?? (format === 'tsv' ? '\t' : ','),
                sniffDelimiter: format === 'csv' && options.delimiter === undefined,
                quote: options.quote ?? '"',
                header: options.header ?? true,
                commentChar: options.commentChar ?? '',
                skipInitialSpace: options.skipInitialSpace ?? false,
            }, charset);
        case 'jsonl':
            return new JsonLinesParser(charset);
        case 'json':
            return new JsonArrayParser(charset);
        default:
            throw new UsageError(`unknown format ${JSON.stringify(format)}`, { where: 'format', fix: 'Use csv, tsv, jsonl or json', code: 'unknown-format' });
    }
}
function positiveInteger(value, fallback, name) {
    if (value === undefined)
        return fallback;
    if (!Number.isInteger(value) || value < 1) {
        throw new UsageError(`${name} must be a positive integer, got ${value}`, { where: name, fix: `Set ${name} to 1 or more`, code: 'invalid-option' });
    }
    return value;
}
function nonNegativeInteger(value, name) {
    if (!Number.isInteger(value) || value < 0) {
        throw new UsageError(`${name} must be a non-negative integer, got ${value}`, { where: name, fix: `Set ${name} to 0 or more`, code: 'invalid-option' });
    }
    return value;
}
/** Feeds chunks to a parser, carrying unparsed bytes over, and gathers rows into batches. */
class TableReader {
    path;
    source;
    parser;
    batchRows;
    maxRows;
    packed;
    headerIssues = [];
    /** Bytes the parser left for the next call (the start of an incomplete record). */
    carry = Buffer.alloc(0);
    wantBytes = 0;
    started = false;
    eof = false;
    rowCount = 0;
    current;
    ready = [];
    /** Set on packed reading. */
    textRow;
    constructor(path, source, parser, batchRows, maxRows, packed = false) {
        this.path = path;
        this.source = source;
        this.parser = parser;
        this.batchRows = batchRows;
        this.maxRows = maxRows;
        this.packed = packed;
        this.current = this.emptyBatch();
        if (packed)
            this.textRow = this.packRow;
    }
    row(cells, line) {
        if (this.rowCount >= this.maxRows)
            return;
        this.rowCount++;
        const batch = this.current;
        batch.rows.push(cells);
        batch.texts?.push('');
        batch.lines.push(line);
        if (batch.rows.length >= this.batchRows)
            this.nextBatch();
    }
    packRow(text, start, end, line, delimiter) {
        if (this.rowCount >= this.maxRows)
            return;
        const width = this.parser.header.length;
        const batch = this.current;
        const r = batch.rows.length;
        const starts = (batch.starts ??= new Int32Array(this.batchRows * (width + 1)));
        if (!cutRow(text, start, end, delimiter, starts, r * (width + 1), width)) {
            this.row(splitRow(text.slice(start, end), delimiter, width), line);
            return;
        }
        this.rowCount++;
        batch.rows.push(PACKED_ROW);
        batch.texts.push(text);
        batch.lines.push(line);
        if (batch.rows.length >= this.batchRows)
            this.nextBatch();
    }
    nextBatch() {
        this.ready.push(this.current);
        this.current = this.emptyBatch();
    }
    emptyBatch() {
        return this.packed ? { rows: [], lines: [], issues: [], texts: [] } : { rows: [], lines: [], issues: [] };
    }
    issue(issue) {
        if (this.parser.header === undefined) {
            // Nothing but bad lines before the header (a binary file read as JSON Lines): keep memory bounded.
            const listed = this.headerIssues.length;
            if (listed < MAX_HEADER_ISSUES)
                this.headerIssues.push(issue);
            else if (listed === MAX_HEADER_ISSUES) {
                this.headerIssues.push({ line: issue.line, code: issue.code, message: `more issues before the first row from this line on are not listed (the first ${MAX_HEADER_ISSUES} are)` });
            }
            return;
        }
        if (this.rowCount >= this.maxRows)
            return;
        const batch = this.current;
        batch.issues.push(issue);
        // Issues also fill batches, so a file of bad lines streams with flat memory too.
        if (batch.issues.length >= this.batchRows)
            this.nextBatch();
    }
    get full() {
        return this.rowCount >= this.maxRows;
    }
    async readHeader() {
        while (this.parser.header === undefined && !this.eof)
            await this.step();
    }
    async *batches() {
        try {
            for (;;) {
                while (this.ready.length > 0)
                    yield this.ready.shift();
                if (this.eof || this.full)
                    break;
                await this.step();
            }
            const last = this.current;
            this.current = this.emptyBatch();
            if (last.rows.length > 0 || last.issues.length > 0)
                yield last;
        }
        finally {
            await this.source.close();
        }
    }
    /** Reads at least one chunk and parses every complete record available. */
    async step() {
        const { buf: read, eof } = await this.source.next(this.carry, this.wantBytes);
        this.eof = eof;
        let buf = read;
        if (!this.started) {
            if (buf.length < 3 && !eof) {
                this.carry = buf;
                return;
            }
            this.started = true;
            if (hasBom(buf))
                buf = buf.subarray(3);
            else if (hasUtf16Bom(buf)) {
                throw new UsageError('the file is UTF-16 (it starts with a UTF-16 byte order mark)', {
                    where: this.path,
                    fix: 'Save it as UTF-8 (in Excel: CSV UTF-8), or convert it: iconv -f UTF-16 -t UTF-8 in.csv > out.csv',
                    code: 'unsupported-encoding',
                });
            }
        }
        const used = this.parser.parse(buf, eof, this);
        this.carry = buf.subarray(used);
        // A record longer than what was read: wait for twice as much before parsing again, so time stays linear.
        this.wantBytes = used === 0 && !eof ? 2 * buf.length : 0;
    }
}
//# sourceMappingURL=open.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/readers/range.js
/**
 * Exact byte-range shards of one delimited file. Shard i of n covers the rows that start in bytes
 * [i*size/n, (i+1)*size/n): each end is moved to the first row boundary at or after it, so every row belongs to
 * exactly one shard. Whether a line break ends a row depends on the quotes before it; in RFC 4180 an even number of
 * quote bytes before a position means it is outside a quoted field, so the bytes before a shard's start are only
 * counted (quote bytes for the parity, line breaks for exact physical line numbers), never parsed.
 */




const CHUNK = 1 << 22;
function count(buf, byte, end) {
    let n = 0;
    for (let i = buf.indexOf(byte); i >= 0 && i < end; i = buf.indexOf(byte, i + 1))
        n++;
    return n;
}
/**
 * The first row boundary at or after `target`, and its physical line. `quote` is the quote byte (-1: none);
 * `notBefore` is a boundary known to hold (the end of the header row): a result is never before it.
 */
async function rowBoundaryAt(handle, size, target, quote, notBefore = { offset: 0, line: 1 }, chunk = CHUNK) {
    if (target <= notBefore.offset)
        return notBefore;
    if (target >= size)
        target = size;
    // Phase 1: bytes [0, target - 1): quote parity and line breaks, counted with native scans.
    const stop = target - 1;
    const CHUNK = chunk;
    const buf = Buffer.allocUnsafe(CHUNK + 1);
    let quotes = 0;
    let breaks = 0;
    for (let base = 0; base < stop; base += CHUNK) {
        const want = Math.min(CHUNK + 1, size - base);
        const { bytesRead } = await handle.read(buf, 0, want, base);
        const end = Math.min(CHUNK, stop - base, bytesRead);
        const view = buf.subarray(0, bytesRead);
        if (quote >= 0)
            quotes += count(view, quote, end);
        breaks += count(view, LF, end);
        // A CR counts unless it is the first half of a CRLF.
        for (let i = view.indexOf(CR); i >= 0 && i < end; i = view.indexOf(CR, i + 1))
            if (view[i + 1] !== LF)
                breaks++;
    }
    if (target >= size) {
        return { offset: size, line: 1 + breaks + (await lastByteIsBreak(handle, size)) };
    }
    // Phase 2: from target - 1, byte by byte, to the first line break outside quotes.
    let inQuote = quotes % 2 === 1;
    let pos = Math.max(stop, 0);
    let base = pos;
    let filled = 0;
    const at = async (p) => {
        if (p >= size)
            return -1;
        if (p < base || p >= base + filled) {
            base = p;
            filled = (await handle.read(buf, 0, Math.min(CHUNK, size - p), p)).bytesRead;
        }
        return buf[p - base];
    };
    for (;;) {
        const b = await at(pos);
        if (b < 0)
            return { offset: size, line: 1 + breaks };
        if (b === quote)
            inQuote = !inQuote;
        else if (b === LF || b === CR) {
            const crlf = b === CR && (await at(pos + 1)) === LF;
            const next = crlf ? pos + 2 : pos + 1;
            breaks++;
            if (!inQuote && next >= target)
                return { offset: next, line: 1 + breaks };
            pos = next;
            continue;
        }
        pos++;
    }
}
async function lastByteIsBreak(handle, size) {
    if (size === 0)
        return 0;
    const one = Buffer.alloc(1);
    await handle.read(one, 0, 1, size - 1);
    return one[0] === LF || one[0] === CR ? 1 : 0;
}
/** Where the header row ends: after the first non-empty record (leading blank lines and a BOM are part of it). */
async function headerEnd(handle, size, quote) {
    const buf = Buffer.allocUnsafe(Math.min(size, 1 << 16));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    let start = 0;
    let lines = 1;
    while (start < bytesRead && (buf[start] === LF || buf[start] === CR)) {
        if (!(buf[start] === CR && buf[start + 1] === LF))
            lines++;
        start++;
    }
    // The first non-empty record ends at the first line break outside quotes after `start`.
    const end = await rowBoundaryAt(handle, size, start + 1, quote, { offset: start, line: lines });
    return end;
}
/**
 * The byte range of shard `index` (0-based) of `count` over a file: row boundaries, the start's physical line.
 * `header` false: the first row is data.
 */
async function shardByteRange(path, index, count, quote, header) {
    let handle;
    try {
        handle = await (0,promises_namespaceObject.open)(path, 'r');
    }
    catch (err) {
        throw new UsageError(`cannot open the file (${err instanceof Error ? err.message : String(err)})`, { where: path, fix: 'Check the path', code: 'file-not-found', cause: err });
    }
    try {
        const size = (await handle.stat()).size;
        const first = header ? await headerEnd(handle, size, quote) : { offset: 0, line: 1 };
        const from = Math.floor((index * size) / count);
        const to = Math.floor(((index + 1) * size) / count);
        const start = index === 0 ? first : await rowBoundaryAt(handle, size, from, quote, first);
        const end = index === count - 1 ? { offset: size, line: 0 } : await rowBoundaryAt(handle, size, to, quote, first);
        return { start, end, size };
    }
    finally {
        await handle.close();
    }
}
/**
 * Opens the rows of byte-range shard `index` of `count` of one file: the first shard reads the header itself; the
 * others take it (and a sniffed delimiter) from the file's start. CSV, TSV and JSON Lines; gzip and JSON arrays are
 * refused (they split only by file). `shown` names the file in errors.
 */
async function openShardTable(path, shown, read, index, count) {
    const format = read.format ?? detectFormat(path);
    if (format === 'json') {
        throw new UsageError(`a JSON array file cannot be split into ${count} byte ranges`, { where: shown, fix: `Pass at least ${count} files so shards take whole files, or convert it to JSON Lines`, code: 'usage' });
    }
    const quoted = format !== 'jsonl';
    const quote = quoted ? (read.quote ?? '"') : '';
    const range = await shardByteRange(path, index, count, quote === '' ? -1 : quote.charCodeAt(0), quoted && read.header !== false);
    try {
        if (index === 0)
            return await openTable(path, read, { start: 0, end: range.end.offset, line: 1 });
        const head = await openTable(path, { ...read, maxRows: 1 });
        await head.close?.();
        return await openTable(path, read, { start: range.start.offset, end: range.end.offset, line: range.start.line, header: head.header, delimiter: head.delimiter });
    }
    catch (err) {
        // Name the file as the user did, not by its absolute path.
        if (err instanceof UsageError && err.where === path)
            throw new UsageError(err.what, { where: shown, fix: err.fix, code: err.code, cause: err });
        throw err;
    }
}
//# sourceMappingURL=range.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/schema/temporal.js
/**
 * Date, time and datetime parsing. The default ISO 8601 forms are parsed by hand (they are the hot path);
 * `format` patterns with strftime directives compile once to a regular expression.
 * Results are milliseconds since the Unix epoch (UTC); times are milliseconds since midnight.
 */
const DAY_MS = 86_400_000;
function digits(s, from, count) {
    let n = 0;
    for (let i = from; i < from + count; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9)
            return -1;
        n = n * 10 + c;
    }
    return n;
}
function daysInMonth(year, month) {
    if (month === 2)
        return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): integer math, no Date. */
function daysFromCivil(year, month, day) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146_097 + doe - 719_468;
}
function dateMs(year, month, day) {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return undefined;
    return daysFromCivil(year, month, day) * DAY_MS;
}
/** `YYYY-MM-DD`. */
function parseIsoDate(s) {
    return parseIsoDateAt(s, 0, s.length);
}
/** parseIsoDate of s[start, end). */
function parseIsoDateAt(s, start, end) {
    if (end - start !== 10 || s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45)
        return undefined;
    const y = digits(s, start, 4);
    const m = digits(s, start + 5, 2);
    const d = digits(s, start + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return undefined;
    const k = (y - TABLE_FIRST_YEAR) * 12 + m - 1;
    if (k < 0 || k >= MONTH_STARTS.length - 1 || m < 1 || m > 12)
        return dateMs(y, m, d);
    // Years in the table: a lookup instead of days_from_civil's divisions (1M dates: ~70 → ~55 ns each on this VM).
    const first = MONTH_STARTS[k];
    if (d < 1 || d > MONTH_STARTS[k + 1] - first)
        return undefined;
    return (first + d - 1) * DAY_MS;
}
/** Days since 1970-01-01 of the first of each month from TABLE_FIRST_YEAR on, plus the first day after the table. */
const TABLE_FIRST_YEAR = 1900;
const MONTH_STARTS = (() => {
    const years = 300;
    const t = new Int32Array(years * 12 + 1);
    for (let i = 0; i <= years * 12; i++)
        t[i] = daysFromCivil(TABLE_FIRST_YEAR + Math.floor(i / 12), (i % 12) + 1, 1);
    return t;
})();
/** Parses `hh:mm:ss[.fff][Z|±hh:mm]` starting at `from`; returns ms since midnight shifted to UTC, or undefined. */
function parseTimeAt(s, from, requireSeconds) {
    if (s.length < from + 5 || s.charCodeAt(from + 2) !== 58)
        return undefined;
    const h = digits(s, from, 2);
    const mi = digits(s, from + 3, 2);
    if (h < 0 || mi < 0 || h > 24 || mi > 59)
        return undefined;
    let i = from + 5;
    let sec = 0;
    if (s.charCodeAt(i) === 58) {
        sec = digits(s, i + 1, 2);
        if (sec < 0 || sec > 60)
            return undefined;
        i += 3;
    }
    else if (requireSeconds)
        return undefined;
    let ms = 0;
    if (s.charCodeAt(i) === 46) {
        i++;
        const start = i;
        let scale = 100;
        while (i < s.length) {
            const c = s.charCodeAt(i) - 48;
            if (c < 0 || c > 9)
                break;
            ms += c * scale;
            scale /= 10;
            i++;
        }
        if (i === start)
            return undefined;
    }
    if (h === 24 && (mi !== 0 || sec !== 0 || ms !== 0))
        return undefined;
    let offset = 0;
    if (i < s.length) {
        const c = s.charCodeAt(i);
        if (c === 90 && i === s.length - 1)
            i++;
        else if (c === 43 || c === 45) {
            const oh = digits(s, i + 1, 2);
            let om = 0;
            let end = i + 3;
            if (s.charCodeAt(end) === 58) {
                om = digits(s, end + 1, 2);
                end += 3;
            }
            else if (end + 2 === s.length) {
                om = digits(s, end, 2);
                end += 2;
            }
            if (oh < 0 || om < 0 || oh > 14 || om > 59 || end !== s.length)
                return undefined;
            offset = (c === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
            i = end;
        }
        else
            return undefined;
    }
    if (i !== s.length)
        return undefined;
    return ((h * 60 + mi) * 60 + sec) * 1000 + Math.round(ms) - offset;
}
/** `hh:mm:ss` with optional fraction and time zone. */
function parseIsoTime(s) {
    return parseTimeAt(s, 0, true);
}
/** `YYYY-MM-DDThh:mm:ss` with optional fraction and time zone (no zone: read as UTC). */
function parseIsoDateTime(s) {
    if (s.length < 19 || s.charCodeAt(10) !== 84)
        return undefined;
    const day = parseIsoDate(s.slice(0, 10));
    if (day === undefined)
        return undefined;
    const t = parseTimeAt(s, 11, true);
    return t === undefined ? undefined : day + t;
}
/** Lenient parsers for `format: any`: ISO forms first, then what `Date.parse` understands. */
function parseAnyDate(s) {
    const iso = parseIsoDate(s);
    if (iso !== undefined)
        return iso;
    const ms = Date.parse(s.length === 10 ? s : s + (/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? '' : ' UTC'));
    return Number.isNaN(ms) ? undefined : Math.floor(ms / DAY_MS) * DAY_MS;
}
function parseAnyDateTime(s) {
    const iso = parseIsoDateTime(s) ?? parseIsoDateTime(s.replace(' ', 'T')) ?? parseIsoDate(s);
    if (iso !== undefined)
        return iso;
    const ms = Date.parse(/[zZ]$|[+-]\d\d:?\d\d$|GMT|UTC/.test(s) ? s : s + ' UTC');
    return Number.isNaN(ms) ? undefined : ms;
}
function parseAnyTime(s) {
    const t = parseTimeAt(s, 0, false);
    if (t !== undefined)
        return t;
    const m = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([aApP][mM])$/.exec(s);
    if (!m)
        return undefined;
    let h = Number(m[1]);
    if (h < 1 || h > 12)
        return undefined;
    if (/^[pP]/.test(m[4]))
        h = (h % 12) + 12;
    else
        h %= 12;
    const mi = Number(m[2] ?? 0);
    const sec = Number(m[3] ?? 0);
    if (mi > 59 || sec > 59)
        return undefined;
    return ((h * 60 + mi) * 60 + sec) * 1000;
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS_FULL = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DIRECTIVES = {
    Y: '(?<Y>[+-]?\\d{4})',
    y: '(?<y>\\d{2})',
    m: '(?<m>\\d{1,2})',
    d: '(?<d>\\d{1,2})',
    e: '\\s?(?<d>\\d{1,2})',
    H: '(?<H>\\d{1,2})',
    I: '(?<I>\\d{1,2})',
    M: '(?<M>\\d{2})',
    S: '(?<S>\\d{2})',
    f: '(?<f>\\d{1,9})',
    p: '(?<p>[AaPp][Mm])',
    b: '(?<b>[A-Za-z]{3})',
    h: '(?<b>[A-Za-z]{3})',
    B: '(?<B>[A-Za-z]+)',
    a: '(?:[A-Za-z]{3})',
    A: '(?:[A-Za-z]+)',
    j: '(?<j>\\d{1,3})',
    z: '(?<z>Z|[+-]\\d{2}:?\\d{2})',
    Z: '(?:[A-Z]{1,5})',
    T: '(?<H>\\d{1,2}):(?<M>\\d{2}):(?<S>\\d{2})',
    F: '(?<Y>[+-]?\\d{4})-(?<m>\\d{1,2})-(?<d>\\d{1,2})',
    '%': '%',
};
/** The strftime directives a `format` pattern may use. */
const SUPPORTED_DIRECTIVES = Object.keys(DIRECTIVES).map((d) => `%${d}`);
/**
 * Compiles a strftime-like pattern (`%d/%m/%Y %H:%M`) into a parser. Throws an Error naming the bad directive.
 */
function compileStrptime(pattern, kind) {
    let source = '';
    const seen = new Set();
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c !== '%') {
            source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            continue;
        }
        const d = pattern[++i];
        const re = d === undefined ? undefined : DIRECTIVES[d];
        if (re === undefined)
            throw new Error(`unknown directive '%${d ?? ''}'; use ${SUPPORTED_DIRECTIVES.join(' ')}`);
        // A named group may appear once per pattern; a repeated directive only has to match the same shape.
        const groups = [...re.matchAll(/\?<(\w+)>/g)].map((m) => m[1]);
        source += groups.some((g) => seen.has(g)) ? re.replace(/\?<\w+>/g, '?:') : re;
        for (const g of groups)
            seen.add(g);
    }
    const regex = new RegExp(`^${source}$`);
    return (s) => {
        const m = regex.exec(s);
        if (!m)
            return undefined;
        const g = m.groups ?? {};
        let year = g.Y !== undefined ? Number(g.Y) : g.y !== undefined ? (Number(g.y) < 69 ? 2000 : 1900) + Number(g.y) : 1970;
        let month = g.m !== undefined ? Number(g.m) : 1;
        if (g.b !== undefined)
            month = MONTHS.indexOf(g.b.toLowerCase()) + 1;
        if (g.B !== undefined)
            month = MONTHS_FULL.indexOf(g.B.toLowerCase()) + 1;
        if (month < 1)
            return undefined;
        let day = g.d !== undefined ? Number(g.d) : 1;
        if (g.j !== undefined) {
            const jan1 = dateMs(year, 1, 1);
            const doy = Number(g.j);
            if (jan1 === undefined || doy < 1 || doy > (daysInMonth(year, 2) === 29 ? 366 : 365))
                return undefined;
            const d = new Date(jan1 + (doy - 1) * DAY_MS);
            year = d.getUTCFullYear();
            month = d.getUTCMonth() + 1;
            day = d.getUTCDate();
        }
        let hour = g.H !== undefined ? Number(g.H) : 0;
        if (g.I !== undefined) {
            hour = Number(g.I);
            if (hour < 1 || hour > 12)
                return undefined;
            hour %= 12;
        }
        if (g.p !== undefined && /^[pP]/.test(g.p))
            hour += 12;
        const minute = g.M !== undefined ? Number(g.M) : 0;
        const second = g.S !== undefined ? Number(g.S) : 0;
        const fraction = g.f !== undefined ? Math.round(Number(`0.${g.f}`) * 1000) : 0;
        if (hour > 23 || minute > 59 || second > 60)
            return undefined;
        let offset = 0;
        if (g.z !== undefined && g.z !== 'Z') {
            const sign = g.z[0] === '-' ? -1 : 1;
            const digitsOnly = g.z.slice(1).replace(':', '');
            offset = sign * (Number(digitsOnly.slice(0, 2)) * 60 + Number(digitsOnly.slice(2))) * 60_000;
        }
        const timeMs = ((hour * 60 + minute) * 60 + second) * 1000 + fraction - offset;
        if (kind === 'time')
            return timeMs;
        const base = dateMs(year, month, day);
        if (base === undefined)
            return undefined;
        return kind === 'date' ? base : base + timeMs;
    };
}
/** Renders epoch milliseconds back to the ISO form of a kind (for messages and inferred bounds). */
function formatTemporal(ms, kind) {
    if (kind === 'time') {
        const t = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
        return new Date(t).toISOString().slice(11, t % 1000 === 0 ? 19 : 23);
    }
    const iso = new Date(ms).toISOString();
    if (kind === 'date')
        return iso.slice(0, 10);
    return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
}
//# sourceMappingURL=temporal.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/schema/cast.js

const DEFAULT_TRUE_VALUES = ['true', 'True', 'TRUE', '1'];
const DEFAULT_FALSE_VALUES = ['false', 'False', 'FALSE', '0'];
/** `[+-]?digits[.digits][e[+-]digits]` or `.digits…`; nothing else (no spaces, hex, `Infinity`). */
function isPlainDecimal(s) {
    const n = s.length;
    let i = 0;
    if (n === 0)
        return false;
    let c = s.charCodeAt(0);
    if (c === 43 || c === 45)
        i++;
    let mantissa = 0;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
        i++;
        mantissa++;
    }
    if (i < n && s.charCodeAt(i) === 46) {
        i++;
        while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
            i++;
            mantissa++;
        }
    }
    if (mantissa === 0)
        return false;
    if (i < n && ((c = s.charCodeAt(i)) === 101 || c === 69)) {
        i++;
        if (i < n && ((c = s.charCodeAt(i)) === 43 || c === 45))
            i++;
        const start = i;
        while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57)
            i++;
        if (i === start)
            return false;
    }
    return i === n;
}
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/**
 * Checks and converts a plain decimal in one pass; undefined when the text is not one. With at most 15 significant
 * digits and no exponent the value is digits / 10^k, which is exact-then-correctly-rounded (Clinger's fast path), so it
 * equals Number(s); anything longer goes through Number(s).
 */
function parsePlainDecimal(s) {
    return parsePlainDecimalAt(s, 0, s.length);
}
/** parsePlainDecimal of s[start, end), without cutting the cell out of its row's text. */
function parsePlainDecimalAt(s, start, end) {
    if (start >= end)
        return undefined;
    let i = start;
    let c = s.charCodeAt(i);
    const negative = c === 45;
    if (negative || c === 43)
        i++;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        i++;
    }
    if (i < end && c === 46) {
        i++;
        while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
            mantissa = mantissa * 10 + (c - 48);
            digits++;
            scale++;
            i++;
        }
    }
    if (digits === 0)
        return undefined;
    if (i === end) {
        if (digits <= 15) {
            const v = scale === 0 ? mantissa : mantissa / POW10[scale];
            return negative ? -v : v;
        }
        return Number(s.slice(start, end));
    }
    const text = s.slice(start, end);
    return isPlainDecimal(text) ? Number(text) : undefined;
}
/** `[+-]?digits` converted in the same pass; undefined when the text is not an integer. */
function parsePlainInteger(s) {
    return parsePlainIntegerAt(s, 0, s.length);
}
/** parsePlainInteger of s[start, end). */
function parsePlainIntegerAt(s, start, end) {
    if (start >= end)
        return undefined;
    let i = start;
    const first = s.charCodeAt(i);
    if (first === 43 || first === 45)
        i++;
    if (i === end)
        return undefined;
    let v = 0;
    for (; i < end; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57)
            return undefined;
        v = v * 10 + (c - 48);
    }
    // Beyond 2^53 the running sum may round differently from Number's single rounding.
    if (v > 9007199254740991)
        return Number(s.slice(start, end));
    return first === 45 ? -v : v;
}
/** `[+-]?digits`. */
function isPlainInteger(s) {
    const n = s.length;
    let i = 0;
    if (n === 0)
        return false;
    const first = s.charCodeAt(0);
    if (first === 43 || first === 45)
        i++;
    if (i === n)
        return false;
    for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57)
            return false;
    }
    return true;
}
function numberSpecial(s) {
    if (s === 'NaN')
        return NaN;
    if (s === 'INF' || s === '+INF')
        return Infinity;
    if (s === '-INF')
        return -Infinity;
    return undefined;
}
/** With `bareNumber: false`, leading and trailing non-numeric text (`$`, `%`, ` EUR`) is dropped. */
function stripNonBare(s) {
    return s.replace(/^[^0-9+\-.,]+/, '').replace(/[^0-9]+$/, (tail) => (/^[.,]/.test(tail) ? tail : ''));
}
function compileNumber(field) {
    const decimalChar = field.decimalChar ?? '.';
    const groupChar = field.groupChar;
    const bare = field.bareNumber !== false;
    if (decimalChar === '.' && groupChar === undefined && bare) {
        return (s) => parsePlainDecimal(s) ?? numberSpecial(s);
    }
    return (s) => {
        let t = bare ? s : stripNonBare(s);
        const special = numberSpecial(t);
        if (special !== undefined)
            return special;
        if (groupChar !== undefined)
            t = t.split(groupChar).join('');
        if (decimalChar !== '.') {
            if (t.includes('.'))
                return undefined;
            t = t.split(decimalChar).join('.');
        }
        return isPlainDecimal(t) ? Number(t) : undefined;
    };
}
function compileInteger(field) {
    const groupChar = field.groupChar;
    const bare = field.bareNumber !== false;
    if (groupChar === undefined && bare)
        return parsePlainInteger;
    return (s) => {
        let t = bare ? s : stripNonBare(s);
        if (groupChar !== undefined)
            t = t.split(groupChar).join('');
        return isPlainInteger(t) ? Number(t) : undefined;
    };
}
/** Up to this many true and false texts together, a boolean cast scans them (textIn); past it, it uses Sets. */
const BOOLEAN_SCAN_MAX = 16;
/** A boolean field's true and false texts, without repeats. */
function booleanTexts(field) {
    return { yes: [...new Set(field.trueValues ?? DEFAULT_TRUE_VALUES)], no: [...new Set(field.falseValues ?? DEFAULT_FALSE_VALUES)] };
}
function compileBoolean(field) {
    const { yes, no } = booleanTexts(field);
    if (yes.length + no.length > BOOLEAN_SCAN_MAX) {
        const yesSet = new Set(yes);
        const noSet = new Set(no);
        return (s) => (yesSet.has(s) ? true : noSet.has(s) ? false : undefined);
    }
    // A cell is a fresh string: a few comparisons beat hashing it for a Set (1M cells: 68 → ~20 ms).
    return (s) => (textIn(yes, s, 0, s.length) ? true : textIn(no, s, 0, s.length) ? false : undefined);
}
/**
 * Whether s[start, end) is one of `list`, without cutting it out of s: length and first character first, then one
 * native comparison. Boolean casts use it on whole cells and, in validation, on cells inside a packed row's text.
 */
function textIn(list, s, start, end) {
    const n = end - start;
    if (n === 0)
        return list.includes('');
    const first = s.charCodeAt(start);
    for (let i = 0; i < list.length; i++) {
        const t = list[i];
        if (t.length === n && t.charCodeAt(0) === first && (n === 1 || s.indexOf(t, start) === start))
            return true;
    }
    return false;
}
function compileTemporal(kind, format) {
    if (format === undefined || format === 'default') {
        return kind === 'date' ? parseIsoDate : kind === 'time' ? parseIsoTime : parseIsoDateTime;
    }
    if (format === 'any')
        return kind === 'date' ? parseAnyDate : kind === 'time' ? parseAnyTime : parseAnyDateTime;
    return compileStrptime(format, kind);
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function compileString(format) {
    switch (format) {
        case 'email':
            return (s) => (EMAIL.test(s) ? s : undefined);
        case 'uri':
            return (s) => (URI.test(s) ? s : undefined);
        case 'uuid':
            return (s) => (UUID.test(s) ? s : undefined);
        case 'binary':
            return (s) => (BASE64.test(s) ? s : undefined);
        default:
            return (s) => s;
    }
}
function compileYear() {
    return (s) => (isPlainInteger(s) ? Number(s) : undefined);
}
/** The caster of one field; throws an Error with a reason when the field's `format` cannot be compiled. */
function compileCaster(field) {
    const type = field.type ?? 'any';
    let caster;
    switch (type) {
        case 'string':
            caster = compileString(field.format);
            break;
        case 'number':
            caster = compileNumber(field);
            break;
        case 'integer':
            caster = compileInteger(field);
            break;
        case 'boolean':
            caster = compileBoolean(field);
            break;
        case 'date':
        case 'datetime':
        case 'time':
            caster = compileTemporal(type, field.format);
            break;
        case 'year':
            caster = compileYear();
            break;
        case 'any':
            caster = (s) => s;
            break;
    }
    if (field.categories && field.categories.length > 0 && (type === 'string' || type === 'integer')) {
        const allowed = new Set();
        for (const c of field.categories) {
            const raw = typeof c === 'object' ? c.value : c;
            const v = typeof raw === 'number' ? raw : caster(String(raw));
            if (v !== undefined)
                allowed.add(v);
        }
        const inner = caster;
        caster = (s) => {
            const v = inner(s);
            return v !== undefined && allowed.has(v) ? v : undefined;
        };
    }
    return caster;
}
/** Casts a constraint value from the schema (a JSON number or a string in the field's lexical form). */
function castSchemaValue(caster, type, value) {
    if (typeof value === 'number')
        return type === 'number' || type === 'integer' || type === 'year' ? value : undefined;
    if (typeof value === 'boolean')
        return type === 'boolean' ? value : undefined;
    if (typeof value === 'string')
        return caster(value);
    return undefined;
}
/** What the type expects, for messages: "an integer", "a date (YYYY-MM-DD)". */
function describeType(field) {
    const type = field.type ?? 'any';
    const format = field.format && field.format !== 'default' ? field.format : undefined;
    switch (type) {
        case 'integer':
            return 'an integer';
        case 'number':
            return 'a number';
        case 'boolean': {
            const yes = field.trueValues ?? DEFAULT_TRUE_VALUES;
            const no = field.falseValues ?? DEFAULT_FALSE_VALUES;
            return `a boolean (${[...yes, ...no].join(', ')})`;
        }
        case 'date':
            return `a date (${format ?? 'YYYY-MM-DD'})`;
        case 'datetime':
            return `a datetime (${format ?? 'YYYY-MM-DDThh:mm:ss[Z]'})`;
        case 'time':
            return `a time (${format ?? 'hh:mm:ss'})`;
        case 'year':
            return 'a year (YYYY)';
        case 'string':
            return format ? `a string in ${format} format` : 'a string';
        case 'any':
            return 'any value';
    }
}
//# sourceMappingURL=cast.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/validate/keyset.js
/**
 * The keys seen by `unique`, `primaryKey` and `uniqueKeys`, with the line of each key's first row.
 *
 * A Map of a million strings costs ~100 bytes a key and keeps the garbage collector busy re-marking it for the rest of
 * the pass (measured: 3–4x the time of the whole validation on a 1M-row file). Keys are stored instead as a 64-bit hash
 * (two 32-bit lanes, cyrb53's mixing) plus the line: 12-byte slots in one typed array with open addressing, kept at
 * most half full (24–48 bytes a key), no garbage. Two different keys collide with probability ~n²/2⁶⁵ (≈3·10⁻⁸ for a
 * million distinct keys), in which case the later one would be reported as a duplicate.
 */
class KeySet {
    /** Slot i holds [hash lo, hash hi, line] at 3i: one cache line per probe instead of three. */
    slots;
    mask;
    count = 0;
    constructor(capacity = 1024) {
        let size = 1024;
        while (size < capacity * 2)
            size *= 2;
        this.slots = new Int32Array(size * 3);
        this.mask = size - 1;
    }
    /** The hash of the key last passed to addOrGet (two 32-bit lanes): what byte-range shards hand to their merge. */
    lastLo = 0;
    lastHi = 0;
    get size() {
        return this.count;
    }
    /** Adds `key` first seen at `line` (≥ 1); returns 0 when it is new, else the line where it was first seen. */
    addOrGet(key, line) {
        let h1 = 0xdeadbeef;
        let h2 = 0x41c6ce57;
        for (let i = 0; i < key.length; i++) {
            const c = key.charCodeAt(i);
            h1 = Math.imul(h1 ^ c, 2654435761);
            h2 = Math.imul(h2 ^ c, 1597334677);
        }
        h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
        h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
        // A key's length is part of its identity: fold it in so a prefix cannot mix with its extension.
        h2 ^= key.length;
        this.lastLo = h1 | 0;
        this.lastHi = h2 | 0;
        return this.probe(h1 | 0, h2 | 0, line);
    }
    /** addOrGet for a key given by its hash (see lastLo/lastHi). */
    addHashOrGet(lo, hi, line) {
        return this.probe(lo | 0, hi | 0, line);
    }
    probe(h1, h2, line) {
        const slots = this.slots;
        const mask = this.mask;
        let slot = (h1 ^ (h2 >>> 7)) & mask;
        for (;;) {
            const at = slot * 3;
            const seen = slots[at + 2];
            if (seen === 0) {
                slots[at] = h1;
                slots[at + 1] = h2;
                slots[at + 2] = line;
                if (++this.count * 2 > mask)
                    this.grow();
                return 0;
            }
            if (slots[at] === h1 && slots[at + 1] === h2)
                return seen;
            slot = (slot + 1) & mask;
        }
    }
    grow() {
        const old = this.slots;
        const size = (this.mask + 1) * 2;
        this.slots = new Int32Array(size * 3);
        this.mask = size - 1;
        this.count = 0;
        for (let at = 0; at < old.length; at += 3)
            if (old[at + 2] !== 0)
                this.probe(old[at], old[at + 1], old[at + 2]);
    }
}
//# sourceMappingURL=keyset.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/validate/memo.js
/**
 * Repeated values of a text column (categories, cities, segments): the cell's text maps to one shared string and a
 * flag that the value passed every per-value check before (constraints, PII). A repeat then costs a hash and one
 * comparison: no new string, no pattern match, no enum scan, no PII scan. A column with more distinct values than
 * CAPACITY is not low-cardinality: the memo reports itself full and the caller drops it.
 */
class TextMemo {
    static CAPACITY = 256;
    /** Open addressing: slot → entry index + 1 (0: empty). Four slots per entry keeps probes short. */
    slots = new Int32Array(TextMemo.CAPACITY * 4);
    hashes = new Int32Array(TextMemo.CAPACITY);
    values = [];
    /** 1 once the entry's value passed every per-value check. */
    clean = new Uint8Array(TextMemo.CAPACITY);
    /** Occurrences per entry not yet handed to the profiler. */
    counts = new Int32Array(TextMemo.CAPACITY);
    /** Lookups and extra probes so far: past about one extra probe per lookup the memo is `crowded` (caller drops it). */
    lookups = 0;
    probes = 0;
    crowded = false;
    /** Where the last missed lookup would insert, and its hash. */
    slot = 0;
    hash = 0;
    /** The entry holding s[start, end), or -1 (then `add` inserts it). */
    lookup(s, start, end) {
        this.lookups++;
        const n = end - start;
        // Hashing every character cost more than the checks it saves: the length and five sampled characters tell
        // typical category values apart, and the comparison below settles the rest.
        let h = n;
        if (n > 0) {
            h = Math.imul(h ^ s.charCodeAt(start), 0x01000193);
            h = Math.imul(h ^ s.charCodeAt(end - 1), 0x01000193);
            h = Math.imul(h ^ s.charCodeAt(start + (n >> 1)), 0x01000193);
            if (n > 3) {
                h = Math.imul(h ^ s.charCodeAt(start + 1), 0x01000193);
                h = Math.imul(h ^ s.charCodeAt(end - 2), 0x01000193);
            }
        }
        h ^= h >>> 15;
        const slots = this.slots;
        const mask = slots.length - 1;
        for (let p = h & mask;; p = (p + 1) & mask) {
            const e = slots[p];
            if (e === 0) {
                this.slot = p;
                this.hash = h;
                return -1;
            }
            if (this.hashes[e - 1] === h && sameText(this.values[e - 1], s, start, n))
                return e - 1;
            // Values that share a length and sampled characters probe on; a column full of them is not worth memoizing.
            if (++this.probes > this.lookups + 4096)
                this.crowded = true;
        }
    }
    /** Inserts the text of the last missed lookup; returns its entry, or -1 when the memo is full. */
    add(text) {
        const e = this.values.length;
        if (e >= TextMemo.CAPACITY)
            return -1;
        this.values.push(internalize(text));
        this.hashes[e] = this.hash;
        this.slots[this.slot] = e + 1;
        return e;
    }
}
/**
 * Whether s[start, start + n) is `v`. indexOf compares natively (measured 30 ns against 50–70 for a charCodeAt loop
 * and startsWith on 18-character values); it searches on only after a hash collision.
 */
function sameText(v, s, start, n) {
    return v.length === n && s.indexOf(v, start) === start;
}
/**
 * V8's copy of `s` as an internalized string (what property keys are): two different internalized strings compare
 * unequal without looking at their characters, which speeds up the profiler's scans of known values.
 */
function internalize(s) {
    const o = {};
    o[s] = true;
    return Object.keys(o)[0] ?? s;
}
//# sourceMappingURL=memo.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/validate/pii.js
/**
 * Personal data in text cells: email addresses, phone numbers, payment card numbers (Luhn-valid), IBANs
 * (ISO 13616 mod-97 valid) and US Social Security numbers. Cheap character tests run first so that ordinary
 * categorical and numeric-looking strings never reach a regular expression.
 */
const PII_LABELS = {
    email: 'an email address',
    phone: 'a phone number',
    card: 'a payment card number (Luhn-valid)',
    iban: 'an IBAN (checksum-valid)',
    ssn: 'a US Social Security number',
};
const pii_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/;
const CARD = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
// International (+CC …) or North American ((555) 123-4567, 555-123-4567, 555.123.4567) forms with separators:
// bare digit runs are far more often identifiers than phone numbers.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){2,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w-])/;
/** Luhn checksum over a string of digits. */
function luhnValid(digits) {
    let sum = 0;
    let double = false;
    for (let i = digits.length - 1; i >= 0; i--) {
        let d = digits.charCodeAt(i) - 48;
        if (d < 0 || d > 9)
            return false;
        if (double) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        double = !double;
    }
    return sum % 10 === 0;
}
/** IBAN check: move the first four characters to the end, letters to numbers (A=10…), remainder mod 97 is 1. */
function ibanValid(iban) {
    const s = iban.replace(/ /g, '').toUpperCase();
    if (s.length < 15 || s.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s))
        return false;
    const rearranged = s.slice(4) + s.slice(0, 4);
    let rem = 0;
    for (let i = 0; i < rearranged.length; i++) {
        const c = rearranged.charCodeAt(i);
        const v = c >= 65 ? c - 55 : c - 48;
        rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
    }
    return rem === 1;
}
// Issuer prefixes of the major card networks (Visa 4, Mastercard 51–55/2221–2720, Amex 34/37, Discover 6011/65/644–649,
// Diners 36/38/300–305, JCB 35, UnionPay 62, Maestro 50/56–58/67): cuts random Luhn-valid digit runs by ~3x.
const CARD_PREFIX = /^(?:4|5[0-8]|2[2-7]|3[4-8]|30[0-5]|6(?:011|2|4[4-9]|5|7))/;
function findCard(text) {
    CARD.lastIndex = 0;
    for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
        const digits = m[0].replace(/[ -]/g, '');
        if (digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && luhnValid(digits))
            return true;
    }
    return false;
}
function findIban(text) {
    IBAN.lastIndex = 0;
    for (let m = IBAN.exec(text); m !== null; m = IBAN.exec(text))
        if (ibanValid(m[0]))
            return true;
    return false;
}
/**
 * The first kind of personal data found in `text`, or undefined. `skip` names a kind the column is declared to hold
 * (an `email`-format field is not warned about emails).
 */
function detectPii(text, skip) {
    const n = text.length;
    if (n < 6)
        return undefined;
    // One pass of counting decides which patterns can match at all.
    let digits = 0;
    let at = false;
    let upper = 0;
    let hyphens = 0;
    let separators = 0;
    let phoneMark = false;
    for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        // Lowercase letters (the bulk of categorical text) and everything above them count for no pattern.
        if (c >= 97)
            continue;
        if (c >= 48 && c <= 57)
            digits++;
        else if (c >= 65 && c <= 90)
            upper++;
        else if (c === 64)
            at = true;
        else if (c === 45) {
            hyphens++;
            separators++;
        }
        else if (c === 32 || c === 46)
            separators++;
        else if (c === 43 || c === 40)
            phoneMark = true;
    }
    if (at && skip !== 'email' && pii_EMAIL.test(text))
        return 'email';
    if (digits < 9)
        return undefined;
    if (digits >= 13 && findCard(text))
        return 'card';
    if (upper >= 2 && n >= 15 && findIban(text))
        return 'iban';
    if (hyphens >= 2 && SSN.test(text))
        return 'ssn';
    if (digits >= 10 && (phoneMark || separators >= 2) && PHONE.test(text))
        return 'phone';
    return undefined;
}
//# sourceMappingURL=pii.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/validate/engine.js






class KeyLogWriter {
    log;
    pending = [];
    constructor(log) {
        this.log = log;
    }
    add(set, line, at, shown) {
        const log = this.log;
        log.lo.push(set.lastLo);
        log.hi.push(set.lastHi);
        log.line.push(line);
        log.at.push(at);
        this.pending.push(shown);
        if (this.pending.length >= 4096)
            this.flush();
    }
    flush() {
        if (this.pending.length > 0)
            this.log.shown.push(this.pending.join('\n'));
        this.pending = [];
    }
}
const NUMERIC = new Set(['number', 'integer', 'year']);
const TEMPORAL = new Set(['date', 'datetime', 'time']);
/**
 * Quotes a cell value for a message, shortened so one line stays readable. Joined into a fresh string: a cell cut
 * from a packed span would otherwise keep the whole span alive for as long as the finding lives.
 */
function quoteValue(text, max = 60) {
    const t = text.length > max ? `${text.slice(0, max - 1)}…` : text;
    return ["'", t.replace(/[\r\n]+/g, ' '), "'"].join('');
}
function renderBound(type, value) {
    if (typeof value === 'number' && TEMPORAL.has(type))
        return formatTemporal(value, type);
    return String(value);
}
/** Counts characters as code points, so minLength/maxLength treat an emoji as one character. */
function codePointLength(s) {
    let n = s.length;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff)
            n--;
    }
    return n;
}
function compileConstraints(field, type, cast) {
    const c = field.constraints ?? {};
    const out = {
        codes: [],
        bounded: false,
        min: -Infinity,
        max: Infinity,
        xmin: -Infinity,
        xmax: Infinity,
        shown: { minimum: '', maximum: '', exclusiveMinimum: '', exclusiveMaximum: '' },
        enumSet: null,
        enumList: null,
        enumShown: '',
        pattern: null,
        patternSource: '',
        lengthChecked: false,
        minLength: 0,
        maxLength: Infinity,
    };
    const bounds = { minimum: 'min', maximum: 'max', exclusiveMinimum: 'xmin', exclusiveMaximum: 'xmax' };
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']) {
        if (c[key] === undefined)
            continue;
        const b = castSchemaValue(cast, type, c[key]);
        if (typeof b !== 'number')
            continue;
        out[bounds[key]] = b;
        out.shown[key] = renderBound(type, b);
        out.bounded = true;
        out.codes.push(key);
    }
    if (c.enum !== undefined) {
        const allowed = new Set();
        for (const e of c.enum) {
            const v = castSchemaValue(cast, type, e);
            if (v !== undefined)
                allowed.add(v);
        }
        const list = c.enum.map(String);
        out.enumSet = allowed;
        if (allowed.size <= 16)
            out.enumList = [...allowed];
        out.enumShown = list.length > 10 ? `${list.slice(0, 10).join(', ')}, … (${list.length} values)` : list.join(', ');
        out.codes.push('enum');
    }
    if (c.pattern !== undefined) {
        // XML Schema patterns match the whole value.
        out.pattern = new RegExp(`^(?:${c.pattern})$`, 'u');
        out.patternSource = c.pattern;
        out.codes.push('pattern');
    }
    if (c.minLength !== undefined) {
        out.minLength = c.minLength;
        out.lengthChecked = true;
        out.codes.push('minLength');
    }
    if (c.maxLength !== undefined) {
        out.maxLength = c.maxLength;
        out.lengthChecked = true;
        out.codes.push('maxLength');
    }
    return out;
}
/** `bools`: a boolean field's texts (booleanTexts). */
function castKindOf(field, type, bools) {
    const plainFormat = field.format === undefined || field.format === 'default';
    if (field.categories !== undefined && field.categories.length > 0)
        return 0;
    if (type === 'number' && field.decimalChar === undefined && field.groupChar === undefined && field.bareNumber !== false)
        return 1;
    if (type === 'integer' && field.groupChar === undefined && field.bareNumber !== false)
        return 2;
    if (type === 'date' && plainFormat)
        return 3;
    if (type === 'any' || (type === 'string' && plainFormat))
        return 4;
    if (type === 'boolean')
        return bools.yes.length + bools.no.length <= BOOLEAN_SCAN_MAX ? 5 : 0;
    return 0;
}
/** A cell quoted for a message (see quoteValue), cut from its row's text. */
function quoteCell(s, start, end) {
    return quoteValue(s.slice(start, end));
}
/** A plain loop: Array.prototype.includes' generic SameValueZero path measured 1.5–2x slower on short lists. */
function listHas(list, value) {
    for (let i = 0; i < list.length; i++)
        if (list[i] === value)
            return true;
    // NaN is the one value === misses; an enum may list it.
    return value !== value && list.some((v) => v !== v);
}
/** Unique-key text of a cast value (cell s[start, end)): numbers compare by value, except integers too large to hold exactly. */
function keyOf(value, s, start, end, type) {
    if (typeof value === 'number')
        return type === 'integer' && !Number.isSafeInteger(value) ? s.slice(start, end).replace(/^\+|^(-?)0+(?=\d)/, '$1') : String(value);
    return typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
}
function feedOf(type) {
    if (NUMERIC.has(type) || TEMPORAL.has(type))
        return 0;
    return type === 'boolean' ? 1 : 2;
}
function bump(counts, code) {
    counts[code] = (counts[code] ?? 0) + 1;
}
/** Maps schema fields to data columns and reports header mismatches by the schema's `fieldsMatch` mode. */
function mapHeader(schema, header, ordered) {
    const mode = schema.fieldsMatch ?? 'exact';
    const findings = [];
    const position = new Map();
    header.forEach((name, i) => {
        if (position.has(name))
            findings.push({ line: 1, field: name, code: 'extra-field', message: `column '${name}' appears again as column ${i + 1} (first at column ${position.get(name) + 1}); only the first is validated` });
        else
            position.set(name, i);
    });
    const names = new Set(schema.fields.map((f) => f.name));
    const columns = schema.fields.map((f) => position.get(f.name) ?? -1);
    const missing = schema.fields.filter((_f, i) => columns[i] === -1).map((f) => f.name);
    const extra = [...position.keys()].filter((n) => !names.has(n));
    const missingIsError = mode === 'exact' || mode === 'equal' || mode === 'subset';
    const extraIsError = mode === 'exact' || mode === 'equal' || mode === 'superset';
    const allowed = { exact: 'exactly the schema fields, in order', equal: 'exactly the schema fields, in any order', subset: 'every schema field', superset: 'only schema fields', partial: 'at least one schema field' }[mode];
    if (missingIsError) {
        for (const name of missing)
            findings.push({ line: 1, field: name, code: 'missing-field', message: `schema field '${name}' is not in the header (fieldsMatch '${mode}' requires ${allowed})` });
    }
    if (extraIsError) {
        for (const name of extra)
            findings.push({ line: 1, field: name, code: 'extra-field', message: `column '${name}' is not in the schema (fieldsMatch '${mode}' requires ${allowed})` });
    }
    if (mode === 'partial' && missing.length === schema.fields.length) {
        findings.push({ line: 1, field: null, code: 'missing-field', message: `none of the schema fields is in the header (fieldsMatch 'partial' requires ${allowed})` });
    }
    if (mode === 'exact' && ordered && missing.length === 0 && extra.length === 0) {
        schema.fields.forEach((f, i) => {
            if (columns[i] !== i)
                findings.push({ line: 1, field: f.name, code: 'missing-field', message: `field '${f.name}' is column ${columns[i] + 1} in the header but ${i + 1} in the schema (fieldsMatch 'exact' requires the schema's order; use 'equal' to allow any order)` });
        });
    }
    return { columns, findings };
}
function planFields(schema, columns, profiler, memoText) {
    const schemaMissing = schema.missingValues ?? [''];
    const primary = new Set(schema.primaryKey ?? []);
    const ext = schema['x-mlci'];
    return schema.fields.map((field, i) => {
        const type = field.type ?? 'any';
        const missingList = field.missingValues ?? schemaMissing;
        const cast = compileCaster(field);
        const rules = ext?.fields?.[field.name];
        const textual = type === 'string' || type === 'any';
        const bools = type === 'boolean' ? booleanTexts(field) : { yes: [], no: [] };
        const castKind = castKindOf(field, type, bools);
        return {
            field,
            name: field.name,
            type,
            column: columns[i],
            missing: missingList.length === 1 && missingList[0] === '' ? null : new Set(missingList),
            cast,
            castKind,
            memo: memoText && castKind === 4 ? new TextMemo() : null,
            trueTexts: bools.yes,
            falseTexts: bools.no,
            required: field.constraints?.required === true || primary.has(field.name),
            constraints: compileConstraints(field, type, cast),
            unique: field.constraints?.unique ? new KeySet() : null,
            keyed: false,
            keyLog: null,
            pii: textual ? (rules?.pii ?? ext?.pii ?? 'warn') : 'off',
            piiSkip: field.format === 'email' ? 'email' : undefined,
            piiHits: new Map(),
            maxMissingShare: rules?.maxMissingShare ?? ext?.maxMissingShare,
            feed: feedOf(type),
            profiler: profiler?.column(i),
            numbers: new Float64Array(0),
            strings: [],
            buffered: 0,
            missingCount: 0,
            invalidCount: 0,
            errors: {},
            warnings: {},
        };
    });
}
/** Validates one table against a schema in one streaming pass. */
async function validateTable(table, schema, options = {}) {
    const maxErrors = options.maxErrors ?? Infinity;
    const errors = [];
    let errorCount = 0;
    const fileFindings = {};
    const push = (f, plan) => {
        errorCount++;
        if (plan)
            bump(plan.errors, f.code);
        else if (f.field === null)
            bump(fileFindings, f.code);
        if (errors.length < maxErrors)
            errors.push(f);
    };
    const ordered = table.format === 'csv' || table.format === 'tsv';
    // Without a header row the reader names columns field1…fieldN; the schema's fields take those places in order.
    const names = options.headerless ? table.header.map((name, i) => schema.fields[i]?.name ?? name) : table.header;
    const header = mapHeader(schema, names, ordered);
    const plans = planFields(schema, header.columns, options.profiler, options.memoText !== false);
    const byName = new Map(plans.map((p) => [p.name, p]));
    const shard = options.shard;
    const headerFindings = shard === undefined || shard.first;
    if (headerFindings)
        for (const f of header.findings)
            push(f, f.field !== null ? byName.get(f.field) : undefined);
    if (headerFindings)
        for (const issue of table.headerIssues) {
            const plan = issue.field !== undefined ? byName.get(issue.field) : undefined;
            push({ line: issue.line, field: issue.field ?? null, code: issue.code, message: issue.message }, plan);
        }
    const keys = [];
    const index = new Map(schema.fields.map((f, i) => [f.name, i]));
    if (schema.primaryKey)
        keys.push({ code: 'primaryKey', fields: schema.primaryKey.map((n) => index.get(n)), label: schema.primaryKey.join(', '), seen: new KeySet(), failures: 0, keyLog: null });
    for (const key of schema.uniqueKeys ?? []) {
        if (key.length === 1)
            continue; // same as the field's unique constraint, handled per cell when set
        keys.push({ code: 'unique', fields: key.map((n) => index.get(n)), label: key.join(', '), seen: new KeySet(), failures: 0, keyLog: null });
    }
    for (const key of schema.uniqueKeys ?? []) {
        if (key.length === 1) {
            const plan = plans[index.get(key[0])];
            plan.unique ??= new KeySet();
        }
    }
    for (const plan of plans)
        plan.keyed = plan.unique !== null;
    for (const key of keys)
        for (const f of key.fields)
            plans[f].keyed = true;
    if (shard !== undefined) {
        const newLog = (code, kind, fields, field) => {
            const log = { code, kind, fields, field, lo: [], hi: [], line: [], at: [], shown: [] };
            shard.keys.push(log);
            return new KeyLogWriter(log);
        };
        for (const plan of plans)
            if (plan.unique !== null)
                plan.keyLog = newLog('unique', 'field', 1, plan.name);
        for (const key of keys)
            key.keyLog = newLog(key.code, 'key', key.fields.length, key.label);
    }
    /** Primary or multi-field unique keys: each cell's key part is kept for the row's composite keys. */
    const composite = keys.length > 0;
    const keyParts = new Array(plans.length);
    const keyTexts = new Array(plans.length);
    const width = table.header.length;
    let rows = 0;
    const mode = schema.fieldsMatch ?? 'exact';
    const extraAllowed = mode === 'subset' || mode === 'partial';
    const pushIssue = (issue) => {
        const plan = issue.field !== undefined ? byName.get(issue.field) : undefined;
        // A JSON key missing from the header: an error when it is a schema field (its values were not read) or when
        // fieldsMatch forbids extra fields.
        if (issue.code === 'extra-field' && plan === undefined && extraAllowed)
            return;
        push({ line: issue.line, field: issue.field ?? null, code: issue.code, message: issue.message }, plan);
    };
    for await (const batch of table.batches) {
        // Issues go in by line among the rows' findings, so the order does not depend on where batches (or shards) split.
        const issues = batch.issues;
        let nextIssue = 0;
        const batchRows = batch.rows;
        const lines = batch.lines;
        if (options.profiler !== undefined) {
            for (const plan of plans)
                if (plan.feed === 0 && plan.numbers.length < batchRows.length)
                    plan.numbers = new Float64Array(batchRows.length);
        }
        const texts = batch.texts;
        const starts = batch.starts;
        for (let r = 0; r < batchRows.length; r++) {
            const row = batchRows[r];
            const line = lines[r];
            while (nextIssue < issues.length && issues[nextIssue].line <= line)
                pushIssue(issues[nextIssue++]);
            rows++;
            // A packed row is its text with cell offsets, and has the header's width by construction.
            const packed = row === PACKED_ROW;
            const rowText = packed ? texts[r] : '';
            const base = r * (width + 1);
            if (!packed && row.length !== width && ordered) {
                push({ line, field: null, code: 'row-length', message: `row has ${row.length} cells but the header has ${width}` });
            }
            for (let f = 0; f < plans.length; f++) {
                const plan = plans[f];
                if (composite)
                    keyParts[f] = undefined;
                const col = plan.column;
                // The cell is t[s, e): a packed row's text, or the cell's own string.
                let t;
                let s;
                let e;
                if (col < 0 || (!packed && col >= row.length)) {
                    // Absent column or short row: reported once as missing-field/row-length, counted as missing.
                    plan.missingCount++;
                    plan.profiler?.addMissing();
                    continue;
                }
                if (packed) {
                    t = rowText;
                    s = starts[base + col];
                    e = starts[base + col + 1] - 1;
                }
                else {
                    t = row[col];
                    s = 0;
                    e = t.length;
                }
                // Only string casts, custom missing values and messages need the cell as a string of its own (cut once).
                let text;
                if (plan.missing === null ? s === e : plan.missing.has((text = t.slice(s, e)))) {
                    plan.missingCount++;
                    plan.profiler?.addMissing();
                    if (plan.required)
                        push({ line, field: plan.name, code: 'required', message: s === e ? 'value is missing but the field is required' : `${quoteCell(t, s, e)} is a missing value but the field is required` }, plan);
                    continue;
                }
                let value;
                /** A repeat of a text value that passed every per-value check before (see TextMemo). */
                let clean = false;
                let entry = -1;
                let memo = null;
                switch (plan.castKind) {
                    case 1:
                        value = parsePlainDecimalAt(t, s, e) ?? plan.cast(t.slice(s, e));
                        break;
                    case 2:
                        value = parsePlainIntegerAt(t, s, e);
                        break;
                    case 3:
                        value = parseIsoDateAt(t, s, e);
                        break;
                    case 4: {
                        memo = plan.memo;
                        if (memo === null) {
                            value = text ??= t.slice(s, e);
                            break;
                        }
                        entry = memo.lookup(t, s, e);
                        if (entry >= 0) {
                            value = text = memo.values[entry];
                            clean = memo.clean[entry] === 1;
                        }
                        else {
                            value = text ??= t.slice(s, e);
                            entry = memo.add(text);
                            if (entry >= 0)
                                value = text = memo.values[entry];
                        }
                        if (entry < 0 || memo.crowded)
                            dropMemo(plan);
                        break;
                    }
                    case 5:
                        value = textIn(plan.trueTexts, t, s, e) ? true : textIn(plan.falseTexts, t, s, e) ? false : undefined;
                        break;
                    default:
                        value = plan.cast((text ??= t.slice(s, e)));
                }
                if (value === undefined) {
                    plan.invalidCount++;
                    plan.profiler?.addInvalid();
                    push({ line, field: plan.name, code: 'type', message: `${quoteCell(t, s, e)} is not ${describeType(plan.field)}` }, plan);
                    continue;
                }
                const before = errorCount;
                const c = plan.constraints;
                if (!clean) {
                    if (c.bounded) {
                        const n = value;
                        if (n < c.min)
                            push({ line, field: plan.name, code: 'minimum', message: `${quoteCell(t, s, e)} is less than the minimum ${c.shown.minimum}` }, plan);
                        if (n > c.max)
                            push({ line, field: plan.name, code: 'maximum', message: `${quoteCell(t, s, e)} is greater than the maximum ${c.shown.maximum}` }, plan);
                        if (n <= c.xmin)
                            push({ line, field: plan.name, code: 'exclusiveMinimum', message: `${quoteCell(t, s, e)} is not greater than the exclusive minimum ${c.shown.exclusiveMinimum}` }, plan);
                        if (n >= c.xmax)
                            push({ line, field: plan.name, code: 'exclusiveMaximum', message: `${quoteCell(t, s, e)} is not less than the exclusive maximum ${c.shown.exclusiveMaximum}` }, plan);
                    }
                    if (c.enumSet !== null && !(c.enumList !== null ? listHas(c.enumList, value) : c.enumSet.has(value)))
                        push({ line, field: plan.name, code: 'enum', message: `${quoteCell(t, s, e)} is not one of ${c.enumShown}` }, plan);
                    if (c.pattern !== null && !c.pattern.test(value))
                        push({ line, field: plan.name, code: 'pattern', message: `${quoteCell(t, s, e)} does not match the pattern ${c.patternSource}` }, plan);
                    if (c.lengthChecked) {
                        const len = codePointLength(value);
                        if (len < c.minLength)
                            push({ line, field: plan.name, code: 'minLength', message: `${quoteCell(t, s, e)} has ${len} characters, fewer than minLength ${c.minLength}` }, plan);
                        if (len > c.maxLength)
                            push({ line, field: plan.name, code: 'maxLength', message: `${quoteCell(t, s, e)} has ${len} characters, more than maxLength ${c.maxLength}` }, plan);
                    }
                }
                const key = plan.keyed ? keyOf(value, t, s, e, plan.type) : undefined;
                // Key parts of the row's primary/unique keys (cut as strings only for fields in a key).
                if (composite && plan.keyed) {
                    keyParts[f] = key;
                    keyTexts[f] = t.slice(s, e);
                }
                if (plan.unique !== null) {
                    const first = plan.unique.addOrGet(key, line);
                    if (first === 0 && plan.keyLog !== null)
                        plan.keyLog.add(plan.unique, line, errors.length, quoteCell(t, s, e));
                    if (first !== 0)
                        push({ line, field: plan.name, code: 'unique', message: `${quoteCell(t, s, e)} also appears at line ${first} (unique)` }, plan);
                }
                let pii;
                if (!clean && plan.pii !== 'off') {
                    const kind = (pii = detectPii(text ?? t.slice(s, e), plan.piiSkip));
                    if (kind !== undefined) {
                        if (plan.pii === 'forbid') {
                            push({ line, field: plan.name, code: 'pii', message: `value looks like ${PII_LABELS[kind]} (not shown); x-mlci pii is 'forbid' for this field` }, plan);
                        }
                        else {
                            const hit = plan.piiHits.get(kind);
                            if (hit)
                                hit.count++;
                            else
                                plan.piiHits.set(kind, { count: 1, line });
                        }
                    }
                }
                // Only findings of this cell can have been pushed since `before`, duplicates included: then it stays unmarked.
                if (entry >= 0 && !clean && errorCount === before && pii === undefined)
                    memo.clean[entry] = 1;
                if (plan.profiler !== undefined) {
                    if (plan.feed === 0)
                        plan.numbers[plan.buffered++] = value;
                    // A memoized value is counted per entry and handed over as (value, count) once per batch.
                    else if (entry >= 0 && plan.memo !== null)
                        plan.memo.counts[entry]++;
                    else if (plan.feed === 2)
                        plan.strings[plan.buffered++] = value;
                    else
                        plan.profiler.addBoolean(value);
                }
            }
            for (let k = 0; k < keys.length; k++) {
                const key = keys[k];
                let composite = '';
                let complete = true;
                for (let j = 0; j < key.fields.length; j++) {
                    const part = keyParts[key.fields[j]];
                    if (part === undefined) {
                        complete = false;
                        break;
                    }
                    composite = j === 0 ? part : `${composite}\u001f${part}`;
                }
                if (!complete)
                    continue;
                const first = key.seen.addOrGet(composite, line);
                if (first === 0 && key.keyLog !== null)
                    key.keyLog.add(key.seen, line, errors.length, key.fields.map((i) => quoteValue(keyTexts[i], 40)).join(', '));
                if (first !== 0) {
                    key.failures++;
                    const shown = key.fields.map((i) => quoteValue(keyTexts[i], 40)).join(', ');
                    const plan = key.fields.length === 1 ? plans[key.fields[0]] : undefined;
                    push({ line, field: key.label, code: key.code, message: `${key.code === 'primaryKey' ? 'primary key' : 'unique key'} (${key.label}) ${shown} also appears at line ${first}` }, plan);
                }
            }
        }
        while (nextIssue < issues.length)
            pushIssue(issues[nextIssue++]);
        if (options.profiler !== undefined)
            for (const plan of plans)
                flushProfile(plan);
    }
    const warnings = [];
    for (const plan of plans) {
        for (const [kind, hit] of plan.piiHits) {
            bump(plan.warnings, 'pii');
            warnings.push(piiWarning(plan.name, kind, hit.count, hit.line));
        }
        if (shard !== undefined && plan.piiHits.size > 0)
            shard.pii.push({ field: plan.name, hits: [...plan.piiHits].map(([kind, hit]) => [kind, hit.count, hit.line]) });
        plan.keyLog?.flush();
    }
    for (const key of keys)
        key.keyLog?.flush();
    if (shard === undefined) {
        for (const f of datasetFindings(schema, rows, plans.map((p) => p.missingCount)))
            push(f, f.field !== null ? byName.get(f.field) : undefined);
    }
    const columns = plans.map((p) => ({ name: p.name, type: p.type, present: p.column >= 0, missing: p.missingCount, invalid: p.invalidCount, errors: p.errors, warnings: p.warnings }));
    return {
        path: options.displayPath ?? table.path,
        rows,
        errors,
        warnings,
        ...(errors.length < errorCount ? { truncated: true } : {}),
        errorCount,
        columns,
        fileFindings,
        checks: checksOf(schema, plans, keys, fileFindings, table.format),
    };
}
/** Stops memoizing a column (full or crowded), handing its pending counts to the profiler first to keep their order. */
function dropMemo(plan) {
    flushMemoCounts(plan);
    plan.memo = null;
}
function flushMemoCounts(plan) {
    const memo = plan.memo;
    const profiler = plan.profiler;
    if (memo === null || profiler === undefined)
        return;
    const n = memo.values.length;
    const counts = memo.counts;
    if (profiler.addStringCounts !== undefined)
        profiler.addStringCounts(memo.values, counts, n);
    else
        for (let i = 0; i < n; i++)
            for (let k = 0; k < counts[i]; k++)
                profiler.addString(memo.values[i]);
    counts.fill(0, 0, n);
}
/** Hands a batch's buffered values to the column's profiler. */
function flushProfile(plan) {
    flushMemoCounts(plan);
    const profiler = plan.profiler;
    const n = plan.buffered;
    if (profiler === undefined || n === 0)
        return;
    plan.buffered = 0;
    if (plan.feed === 0) {
        if (profiler.addNumbers !== undefined)
            profiler.addNumbers(plan.numbers, n);
        else
            for (let i = 0; i < n; i++)
                profiler.addNumber(plan.numbers[i]);
    }
    else {
        const strings = plan.strings;
        if (profiler.addStrings !== undefined)
            profiler.addStrings(strings, n);
        else
            for (let i = 0; i < n; i++)
                profiler.addString(strings[i]);
        // Drop the references so a batch's cells do not outlive it.
        strings.length = 0;
    }
}
/** The warning for a field's values that look like one kind of PII. */
function piiWarning(field, kind, count, line) {
    return {
        line,
        field,
        code: 'pii',
        message: `${count} value${count === 1 ? '' : 's'} look${count === 1 ? 's' : ''} like ${PII_LABELS[kind]} (first at line ${line}); set x-mlci.fields.${field}.pii to 'forbid' to fail on them or 'off' if the column is meant to hold them`,
    };
}
/** Findings on the file as a whole (`rows`, then `missing-share` per field), from its row count and missing counts per schema field. */
function datasetFindings(schema, rows, missing) {
    const out = [];
    const ext = schema['x-mlci'];
    if (ext?.rows?.min !== undefined && rows < ext.rows.min)
        out.push({ line: null, field: null, code: 'rows', message: `${rows} rows, fewer than the minimum ${ext.rows.min} (x-mlci.rows.min)` });
    if (ext?.rows?.max !== undefined && rows > ext.rows.max)
        out.push({ line: null, field: null, code: 'rows', message: `${rows} rows, more than the maximum ${ext.rows.max} (x-mlci.rows.max)` });
    schema.fields.forEach((field, i) => {
        const max = ext?.fields?.[field.name]?.maxMissingShare ?? ext?.maxMissingShare;
        if (max === undefined || rows === 0)
            return;
        const share = missing[i] / rows;
        if (share > max) {
            out.push({ line: null, field: field.name, code: 'missing-share', message: `${(share * 100).toFixed(1)}% of values are missing (${missing[i]} of ${rows}), more than the allowed ${(max * 100).toFixed(1)}% (maxMissingShare)` });
        }
    });
    return out;
}
/** Every check that ran on the file, with its failure count: the JUnit test cases. */
function checksOf(schema, plans, keys, fileFindings, format) {
    const checks = [];
    const headerFailures = (code) => plans.reduce((n, p) => n + (p.errors[code] ?? 0), 0) + (fileFindings[code] ?? 0);
    checks.push({ field: null, code: 'missing-field', failures: headerFailures('missing-field') });
    checks.push({ field: null, code: 'extra-field', failures: headerFailures('extra-field') });
    if (format === 'csv' || format === 'tsv')
        checks.push({ field: null, code: 'row-length', failures: fileFindings['row-length'] ?? 0 });
    checks.push({ field: null, code: 'encoding', failures: fileFindings.encoding ?? 0 });
    checks.push({ field: null, code: 'format', failures: fileFindings.format ?? 0 });
    if (schema['x-mlci']?.rows)
        checks.push({ field: null, code: 'rows', failures: fileFindings.rows ?? 0 });
    for (const p of plans) {
        const add = (code) => checks.push({ field: p.name, code, failures: p.errors[code] ?? 0 });
        add('type');
        if (p.required)
            add('required');
        if (p.unique !== null)
            add('unique');
        for (const code of p.constraints.codes)
            add(code);
        if (p.maxMissingShare !== undefined)
            add('missing-share');
        if (p.pii === 'forbid')
            add('pii');
    }
    for (const k of keys) {
        checks.push({ field: k.label, code: k.code, failures: k.failures });
    }
    return checks;
}
//# sourceMappingURL=engine.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/validate/shard-run.js
/**
 * Validating one shard of a run whose schema and files are already known: what `mlci validate --workers` threads
 * load. It imports no schema parser (zod is ~100 modules), so a worker thread starts in a fraction of the time.
 */





/** Validates shard `shard` of `files` (absolute paths) against a loaded schema. */
async function validateShardOf(settings, schema, files, shard) {
    const fields = schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any' }));
    const byFile = files.length >= shard.count;
    const pieces = [];
    let profile;
    for (const [i, abs] of files.entries()) {
        if (byFile && i % shard.count !== shard.index)
            continue;
        const shown = displayPath(settings.cwd, abs);
        // Packed rows: the engine reads numbers in place, without a string per cell.
        const read = { ...settings.read, packed: true };
        const profiler = createProfiler(fields);
        const collector = { first: byFile || shard.index === 0, keys: [], pii: [] };
        const table = byFile ? await openTable(abs, read) : await openShardTable(abs, shown, read, shard.index, shard.count);
        const validation = await validateTable(table, schema, { displayPath: shown, profiler, maxErrors: settings.maxErrors, headerless: settings.read?.header === false, shard: collector });
        pieces.push({ file: i, piece: byFile ? 0 : shard.index, pieces: byFile ? 1 : shard.count, validation, keys: collector.keys, pii: collector.pii, strayQuoteLine: table.strayQuoteLine?.() ?? 0 });
        const p = profiler.finish();
        profile = profile === undefined ? p : mergeProfiles(profile, p);
    }
    return {
        kind: 'mlci-validate-shard',
        version: 1,
        shard,
        files: files.map((f) => displayPath(settings.cwd, f)),
        schema,
        maxErrors: settings.maxErrors ?? null,
        pieces,
        profile: profile ?? createProfiler(fields).finish(),
    };
}
/** The body of a validation worker thread (see validate/threads.ts): validates its shard and posts the state back. */
async function runShardWorker() {
    const { parentPort, workerData } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 919, 19));
    const { settings, schema, files, shard } = workerData;
    try {
        parentPort.postMessage({ state: await validateShardOf(settings, schema, files, shard) });
    }
    catch (err) {
        const e = err;
        parentPort.postMessage({ error: { name: e.name, what: e.what ?? e.message, where: e.where, fix: e.fix, code: e.code, message: e.message } });
    }
}
//# sourceMappingURL=shard-run.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(32);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
