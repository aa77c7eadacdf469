import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 851:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _mlci_core_evaluate_thread__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(752);
/** The pipeline action's evaluate parse thread, bundled to dist/prepare-worker/index.js. */

await (0,_mlci_core_evaluate_thread__WEBPACK_IMPORTED_MODULE_0__/* .runParseThread */ .T)();
//# sourceMappingURL=prepare-worker.js.map
__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 752:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  T: () => (/* binding */ runParseThread)
});

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
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
class errors_UsageError extends MlciError {
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
        throw new errors_UsageError(`invalid ${name} ${shown}: it must be one ASCII character other than a line break`, {
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
            throw new errors_UsageError('the delimiter and the quote are the same character', { where: 'quote', fix: 'Choose a different quote or delimiter', code: 'invalid-option' });
        }
        this.comment = dialectByte(dialect.commentChar, 'commentChar', true);
        if (this.comment >= 0 && (this.comment === this.delim || this.comment === this.quote)) {
            throw new errors_UsageError('the comment character is also the delimiter or the quote', { where: 'commentChar', fix: 'Choose a different comment character', code: 'invalid-option' });
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
            throw new errors_UsageError('is a directory, not a data file', { where: path, fix: 'Pass the path of a .csv, .tsv, .jsonl or .json file', code: 'file-not-found' });
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
        throw err instanceof errors_UsageError ? err : openError(path, err);
    }
    if (range !== undefined && (gzip || !seekable)) {
        await handle.close().catch(() => { });
        throw new errors_UsageError(gzip ? 'a gzip file cannot be split by byte ranges' : 'a pipe cannot be split by byte ranges', { where: path, fix: 'Shard by file (pass at least as many files as shards), or decompress the file first', code: 'invalid-option' });
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
            return new errors_UsageError('file not found', { where: path, fix: 'Check the path (relative paths are resolved against the working directory)', code: 'file-not-found', cause: err });
        case 'EISDIR':
            return new errors_UsageError('is a directory, not a data file', { where: path, fix: 'Pass the path of a .csv, .tsv, .jsonl or .json file', code: 'file-not-found', cause: err });
        case 'EACCES':
        case 'EPERM':
            return new errors_UsageError('permission denied', { where: path, fix: 'Make the file readable by this user (chmod +r)', code: 'file-unreadable', cause: err });
        default:
            return new errors_UsageError(`cannot open the file (${err instanceof Error ? err.message : String(err)})`, { where: path, fix: 'Check that the path names a readable file', code: 'file-unreadable', cause: err });
    }
}
function readError(path, gzip, err) {
    const message = err instanceof Error ? err.message : String(err);
    if (gzip && typeof err === 'object' && err !== null && 'errno' in err && errnoCode(err)?.startsWith('Z_')) {
        return new errors_UsageError(`the gzip data is corrupt or truncated (${message})`, { where: path, fix: 'Re-create the .gz file, e.g. gzip -k <file>, and check it with gzip -t', code: 'file-unreadable', cause: err });
    }
    return new errors_UsageError(`cannot read the file (${message})`, { where: path, fix: 'Check that the path names a readable file', code: 'file-unreadable', cause: err });
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
        throw new errors_UsageError('cannot tell the data format from the file name', {
            where: path,
            fix: 'Name it .csv, .tsv, .jsonl, .ndjson or .json (optionally .gz), or give the format explicitly',
            code: 'unknown-format',
        });
    }
    const parser = createParser(range?.delimiter !== undefined ? { ...options, delimiter: range.delimiter } : options, format);
    if (range !== undefined) {
        if (!(parser instanceof CsvParser || parser instanceof JsonLinesParser)) {
            throw new errors_UsageError('a JSON array file cannot be split by byte ranges', { where: path, fix: 'Shard by file, or convert it to JSON Lines', code: 'invalid-option' });
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
        throw new errors_UsageError(`unsupported encoding ${JSON.stringify(options.encoding)}: mlci reads utf-8, iso-8859-1 (latin1) and windows-1252`, {
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
            throw new errors_UsageError(`unknown format ${JSON.stringify(format)}`, { where: 'format', fix: 'Use csv, tsv, jsonl or json', code: 'unknown-format' });
    }
}
function positiveInteger(value, fallback, name) {
    if (value === undefined)
        return fallback;
    if (!Number.isInteger(value) || value < 1) {
        throw new errors_UsageError(`${name} must be a positive integer, got ${value}`, { where: name, fix: `Set ${name} to 1 or more`, code: 'invalid-option' });
    }
    return value;
}
function nonNegativeInteger(value, name) {
    if (!Number.isInteger(value) || value < 0) {
        throw new errors_UsageError(`${name} must be a non-negative integer, got ${value}`, { where: name, fix: `Set ${name} to 0 or more`, code: 'invalid-option' });
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
                throw new errors_UsageError('the file is UTF-16 (it starts with a UTF-16 byte order mark)', {
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
;// CONCATENATED MODULE: ../../../packages/core/dist/evaluate/outcomes.js
/**
 * outcomes.csv: one line per evaluated row, formatted into a reused byte buffer without per-row strings (a 1M-row
 * evaluation made ~6 short-lived strings a row, a large share of its garbage collection).
 */


const outcomes_COMMA = 44;
const NEWLINE = 10;
/** A growable byte buffer: `reserve` room, write at `pos`, advance `pos`. */
class ByteBuffer {
    buf = Buffer.allocUnsafe(1 << 18);
    pos = 0;
    /** Room for `n` more bytes. */
    reserve(n) {
        if (this.pos + n > this.buf.length) {
            const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
            this.buf.copy(next, 0, 0, this.pos);
            this.buf = next;
        }
        return this.buf;
    }
    text(s) {
        this.reserve(s.length * 3);
        this.pos += this.buf.write(s, this.pos);
    }
}
/** Formats outcomes.csv lines batch after batch, numbering rows across batches. */
class OutcomeFormatter {
    row = 0;
    cells = [];
    /** `y_true,y_pred,correct,` bytes by true class × predicted class, made on first use. */
    pairs = [];
    /** Class labels new since the last call, in class id order. */
    addLabels(labels) {
        if (labels.length === 0)
            return;
        for (const l of labels)
            this.cells.push(Buffer.from(csvCell(l)));
        this.pairs = [];
    }
    pair(t, p) {
        const k = this.cells.length;
        const bytes = Buffer.concat([this.cells[t], Buffer.from([outcomes_COMMA]), this.cells[p], Buffer.from([outcomes_COMMA, t === p ? 49 : 48, outcomes_COMMA])]);
        this.pairs[t * k + p] = bytes;
        return bytes;
    }
    /** Appends one line per row of `values` to `out`. */
    format(out, t, lines, v) {
        const { text, idEnd, textEnd } = t;
        let row = this.row;
        let start = 0;
        if (v.kind === 'class') {
            const { yTrue, yPred, pTrue } = v;
            const n = yTrue.length;
            if (n === 0)
                return;
            const k = this.cells.length;
            let cellMax = 0;
            for (const c of this.cells)
                cellMax = Math.max(cellMax, c.length);
            // One reservation per batch: the text, then per row row and line (≤ 25 bytes each), two cells, p_true
            // (≤ 25 bytes), commas and the flag.
            const buf = out.reserve(textEnd[n - 1] + n * (88 + 2 * cellMax));
            const pairs = this.pairs;
            let pos = out.pos;
            for (let i = 0; i < n; i++) {
                const tc = yTrue[i];
                const pc = yPred[i];
                const end = textEnd[i];
                for (let j = start; j < end; j++)
                    buf[pos++] = text[j];
                start = end;
                pos = putUint(buf, pos, row++);
                buf[pos++] = outcomes_COMMA;
                pos = putUint(buf, pos, lines[i]);
                buf[pos++] = outcomes_COMMA;
                const cells = pairs[tc * k + pc] ?? this.pair(tc, pc);
                for (let j = 0; j < cells.length; j++)
                    buf[pos++] = cells[j];
                // float32 probabilities carry ~7 significant digits: write no more.
                if (pTrue)
                    pos = putProb7(buf, pos, pTrue[i]);
                buf[pos++] = NEWLINE;
            }
            out.pos = pos;
        }
        else {
            const { predicted, targets } = v;
            const n = predicted.length;
            for (let i = 0; i < n; i++) {
                const mid = idEnd[i];
                const end = textEnd[i];
                const buf = out.reserve(end - start + 52);
                let pos = out.pos;
                for (let j = start; j < mid; j++)
                    buf[pos++] = text[j];
                pos = putUint(buf, pos, row++);
                buf[pos++] = outcomes_COMMA;
                pos = putUint(buf, pos, lines[i]);
                buf[pos++] = outcomes_COMMA;
                for (let j = mid; j < end; j++)
                    buf[pos++] = text[j];
                out.pos = pos;
                start = end;
                const p = predicted[i];
                out.text(`${p},${Math.abs(targets[i] - p)}\n`);
            }
        }
        this.row = row;
    }
}
/** Bytes of formatted lines held before a write: fewer, larger writes than one a batch. */
const FLUSH_BYTES = (/* unused pure expression or super */ null && (1 << 20));
/** outcomes.csv's file: the header, then batches of lines, written whole (a failed batch is never written). */
class OutcomeWriter {
    file;
    out = new ByteBuffer();
    /** End of the last whole batch in `out`. */
    committed = 0;
    closed = false;
    constructor(file) {
        this.file = file;
    }
    static async open(path, header) {
        const w = new OutcomeWriter(await open(path, 'w'));
        w.out.text(formatCsvRow(header) + '\n');
        await w.commit();
        return w;
    }
    /** The lines in `out` end with a whole batch: kept for writing, written once enough have gathered. */
    async commit() {
        this.committed = this.out.pos;
        if (this.committed >= FLUSH_BYTES)
            await this.write();
    }
    async write() {
        const { buf } = this.out;
        const end = this.committed;
        let off = 0;
        while (off < end)
            off += (await this.file.write(buf, off, end - off)).bytesWritten;
        this.out.pos = this.committed = 0;
    }
    /**
     * Writes the committed batches and closes the file. After a failure (`complete: false`) the rows of the batch that
     * failed, formatted but not committed, are dropped: a batch is written whole or not at all.
     */
    async close(complete) {
        if (this.closed)
            return;
        this.closed = true;
        try {
            if (complete) {
                this.committed = this.out.pos;
                await this.write();
            }
            else
                await this.write().catch(() => undefined); // the failure being reported matters more
        }
        finally {
            await this.file.close();
        }
    }
}
/** Writes a non-negative integer in decimal at `pos`; returns the end. */
function putUint(buf, pos, n) {
    if (n > 0x7fffffff)
        return pos + buf.write(String(n), pos, 'latin1');
    let m = n | 0;
    const digits = m < 1e5 ? (m < 100 ? (m < 10 ? 1 : 2) : m < 1e3 ? 3 : m < 1e4 ? 4 : 5) : m < 1e7 ? (m < 1e6 ? 6 : 7) : m < 1e8 ? 8 : m < 1e9 ? 9 : 10;
    const end = pos + digits;
    let p = end;
    do {
        const q = (m / 10) | 0;
        buf[--p] = 48 + m - q * 10;
        m = q;
    } while (m > 0);
    return end;
}
/** Writes `String(Math.round(p * 1e7) / 1e7)` at `pos` (at most 25 bytes); returns the end. */
function putProb7(buf, pos, p) {
    const q = Math.round(p * 1e7);
    if (!(q >= 10 && q < 1e7))
        return pos + buf.write(String(q / 1e7), pos, 'latin1');
    // The shortest round-trip form of q / 1e7 is q's 7 digits after "0." without trailing zeros (int32 arithmetic).
    let r = q | 0;
    let len = 7;
    for (let t = (r / 10) | 0; r === t * 10; t = (r / 10) | 0) {
        r = t;
        len--;
    }
    buf[pos] = 48;
    buf[pos + 1] = 46;
    const end = pos + 2 + len;
    let at = end;
    for (let i = 0; i < len; i++) {
        const t = (r / 10) | 0;
        buf[--at] = 48 + r - t * 10;
        r = t;
    }
    return end;
}
function csvCell(s) {
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
//# sourceMappingURL=outcomes.js.map
;// CONCATENATED MODULE: external "node:perf_hooks"
const external_node_perf_hooks_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");
;// CONCATENATED MODULE: ../../../packages/core/dist/evaluate/scan.js
/**
 * One streaming pass of a model over a table: rows become float arrays batch by batch (buildFeedArrays, which also
 * runs in evaluate's parse thread), the model runs on them, and outputs are decoded into class ids and probabilities,
 * or values (Decoder). onnxruntime-node 1.x runs the session synchronously on the JS thread (from a setImmediate), so
 * on one thread parsing and the model take turns; its intra-op threads still parallelise inside a run.
 */



function listShort(names) {
    return names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length} in all)` : names.join(', ');
}
/** Which columns feed the model: its input names for per-feature inputs, else --features or all but the excluded. */
function selectFeatures(table, model, options = {}) {
    const header = table.header;
    const option = options.featuresOption ?? '--features';
    const input = model.plan.input;
    let names;
    if (input.mode === 'named') {
        names = input.names;
        const missing = names.filter((n) => !header.includes(n));
        if (missing.length > 0) {
            throw new UsageError(`the model's inputs ${listShort(missing)} have no column in the data (columns: ${listShort(header)})`, {
                where: table.path,
                fix: 'Name the data columns after the model inputs',
                code: 'feature-mismatch',
            });
        }
        if (options.features && options.features.length > 0 && [...options.features].sort().join('\u0000') !== [...names].sort().join('\u0000')) {
            throw new UsageError(`features given (${listShort(options.features)}) differ from the model's inputs (${listShort(names)})`, {
                where: option,
                fix: `Drop ${option}: a model with one input per feature is fed by name`,
                code: 'feature-mismatch',
            });
        }
    }
    else {
        const exclude = new Set(options.exclude ?? []);
        names = options.features && options.features.length > 0 ? options.features : header.filter((h) => !exclude.has(h));
        const missing = names.filter((n) => !header.includes(n));
        if (missing.length > 0) {
            throw new UsageError(`feature column ${listShort(missing)} not found (columns: ${listShort(header)})`, {
                where: option,
                fix: `List columns of ${table.path} in ${option}`,
                code: 'feature-mismatch',
            });
        }
        if (input.width !== null && input.width !== names.length) {
            throw new UsageError(`the model expects ${input.width} features, found ${names.length} (${listShort(names)})`, {
                where: table.path,
                fix: `Pass ${option} with the model's ${input.width} features in training order`,
                code: 'feature-mismatch',
            });
        }
    }
    return { names, columns: names.map((n) => header.indexOf(n)) };
}
/** Turns a batch's feature cells into the model's input arrays; a cell that is not a number is a UsageError. */
function buildFeedArrays(rows, lines, path, features, input) {
    const n = rows.length;
    const f = features.columns.length;
    const type = input.type;
    const make = (len) => (type === 'float32' ? new Float32Array(len) : new Float64Array(len));
    const bad = (r, j) => {
        const cell = rows[r][features.columns[j]];
        const what = cell === undefined ? `row has no value for feature '${features.names[j]}'` : cell.trim() === '' ? `feature '${features.names[j]}' is empty` : `feature '${features.names[j]}' is '${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}', not a number`;
        throw new errors_UsageError(what, {
            where: `${path}:${lines[r]}`,
            fix: 'Features must be numbers: encode categories and impute or drop missing values before evaluating (or inside the ONNX graph)',
            code: 'feature-not-numeric',
        });
    };
    if (input.mode === 'matrix') {
        const data = make(n * f);
        const cols = features.columns;
        for (let r = 0; r < n; r++) {
            const row = rows[r];
            const base = r * f;
            for (let j = 0; j < f; j++) {
                const cell = row[cols[j]];
                const v = +cell;
                // `+''` and `+' '` are 0 and `+undefined` is NaN: check the rare cases only.
                if (v !== v || (v === 0 && (cell === undefined || cell.trim() === '')))
                    bad(r, j);
                data[base + j] = v;
            }
        }
        return [{ name: input.name, data, dims: [n, f] }];
    }
    return input.names.map((name, k) => {
        const j = features.names.indexOf(name);
        const col = features.columns[j];
        const data = make(n);
        for (let r = 0; r < n; r++) {
            const cell = rows[r][col];
            const v = +cell;
            if (v !== v || (v === 0 && (cell === undefined || cell.trim() === '')))
                bad(r, j);
            data[r] = v;
        }
        return { name, data, dims: input.rank[k] === 1 ? [n] : [n, 1] };
    });
}
function toTensors(feeds, runtime, type) {
    const out = {};
    for (const f of feeds)
        out[f.name] = new runtime.Tensor(type, f.data, f.dims);
    return out;
}
/**
 * Runs the model on one batch; a failure becomes a UsageError naming the batch's lines. Resolves to the outputs and
 * the wall time of the run in ms.
 */
async function runBatch(model, feeds, path, firstLine, lastLine) {
    const t0 = performance.now();
    try {
        const out = await model.session.run(feeds, model.plan.fetches);
        return { out, ms: performance.now() - t0 };
    }
    catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
        throw new UsageError(`the model failed on rows at lines ${firstLine}–${lastLine}: ${message}`, {
            where: `${path}:${firstLine}`,
            fix: 'Check that the features match what the model was trained on (count, order, types)',
            code: 'model-run-failed',
        });
    }
}
function toFloat32(t) {
    const d = t.data;
    if (d instanceof Float32Array)
        return d;
    if (d instanceof Float64Array)
        return Float32Array.from(d);
    throw new Error(`output is ${t.type}, expected float`);
}
/** Decodes raw outputs into class ids/probabilities or values. Decides the score transform on the first batch. */
class Decoder {
    model;
    classes;
    transform = 'none';
    decided = false;
    constructor(model, classes) {
        this.model = model;
        this.classes = classes;
    }
    decode(out, n) {
        const plan = this.model.plan.output;
        const where = this.model.path;
        if (plan.kind === 'regression') {
            const t = out[plan.output];
            const d = t.data;
            if (d.length !== n)
                throw new UsageError(`regression output '${plan.output}' has ${d.length} values for ${n} rows`, { where, fix: 'Export one value per row ([N] or [N, 1])', code: 'model-unsupported' });
            return { predicted: null, proba: null, values: Float64Array.from(d) };
        }
        if (plan.kind === 'label' || plan.kind === 'label-proba') {
            let proba = null;
            if (plan.kind === 'label-proba') {
                const t = out[plan.proba];
                proba = toFloat32(t);
                const c = proba.length / n;
                if (this.classes.labels.length === 0)
                    for (let i = 0; i < c; i++)
                        this.classes.id(String(i));
                if (c !== this.classes.labels.length) {
                    throw new UsageError(`probability output has ${c} columns for ${this.classes.labels.length} classes`, { where, fix: 'Check the model export', code: 'model-unsupported' });
                }
            }
            const labels = out[plan.label].data;
            const predicted = new Int32Array(n);
            for (let i = 0; i < n; i++)
                predicted[i] = this.classes.require(String(labels[i]), where, 'predicted label');
            return { predicted, proba, values: null };
        }
        const t = out[plan.output];
        const raw = toFloat32(t);
        if (plan.kind === 'binary-score') {
            if (raw.length !== n)
                throw new UsageError(`score output '${plan.output}' has ${raw.length} values for ${n} rows`, { where, fix: 'Export one score per row for a binary model', code: 'model-unsupported' });
            if (!this.decided) {
                this.transform = raw.every((v) => v >= 0 && v <= 1) ? 'none' : 'sigmoid';
                this.decided = true;
            }
            const proba = new Float32Array(n * 2);
            const predicted = new Int32Array(n);
            for (let i = 0; i < n; i++) {
                const p = this.transform === 'sigmoid' ? 1 / (1 + Math.exp(-raw[i])) : raw[i];
                proba[i * 2] = 1 - p;
                proba[i * 2 + 1] = p;
                predicted[i] = p > 0.5 ? 1 : 0;
            }
            return { predicted, proba, values: null };
        }
        const c = raw.length / n;
        if (this.classes.labels.length === 0)
            for (let i = 0; i < c; i++)
                this.classes.id(String(i));
        if (c !== this.classes.labels.length) {
            throw new UsageError(`output '${plan.output}' has ${c} columns for ${this.classes.labels.length} classes`, {
                where: this.model.plan.classesFrom === 'option' ? '--class-labels' : where,
                fix: 'Give one class label per output column',
                code: 'model-unsupported',
            });
        }
        if (!this.decided) {
            let probabilities = true;
            for (let i = 0; i < n && probabilities; i++) {
                let s = 0;
                for (let j = 0; j < c; j++) {
                    const v = raw[i * c + j];
                    if (!(v >= 0 && v <= 1))
                        probabilities = false;
                    s += v;
                }
                if (Math.abs(s - 1) > 1e-3)
                    probabilities = false;
            }
            this.transform = probabilities ? 'none' : 'softmax';
            this.decided = true;
        }
        const proba = this.transform === 'softmax' ? new Float32Array(n * c) : raw;
        const predicted = new Int32Array(n);
        for (let i = 0; i < n; i++) {
            const base = i * c;
            let best = 0;
            let max = raw[base];
            for (let j = 1; j < c; j++)
                if (raw[base + j] > max)
                    max = raw[base + (best = j)];
            predicted[i] = best;
            if (this.transform === 'softmax') {
                let s = 0;
                for (let j = 0; j < c; j++)
                    s += Math.exp(raw[base + j] - max);
                for (let j = 0; j < c; j++)
                    proba[base + j] = Math.exp(raw[base + j] - max) / s;
            }
        }
        return { predicted, proba, values: null };
    }
}
/** Streams the table through the model batch by batch, in file order. */
async function scan(options) {
    const { table, model, runtime, features } = options;
    const decoder = new Decoder(model, options.classes);
    const runMs = [];
    let rows = 0;
    const started = performance.now();
    for await (const batch of table.batches) {
        const issue = batch.issues.find((i) => i.code === 'format');
        if (issue) {
            throw new UsageError(issue.message, { where: `${table.path}:${issue.line}`, fix: 'Fix the file syntax at that line', code: 'format' });
        }
        if (batch.rows.length === 0)
            continue;
        const feeds = toTensors(buildFeedArrays(batch.rows, batch.lines, table.path, features, model.plan.input), runtime, model.plan.input.type);
        const { out, ms } = await runBatch(model, feeds, table.path, batch.lines[0], batch.lines[batch.lines.length - 1]);
        runMs.push(ms);
        const decoded = decoder.decode(out, batch.rows.length);
        rows += batch.rows.length;
        await options.onBatch({ rows: batch.rows, lines: batch.lines, ...decoded, runMs: ms });
    }
    return { rows, batches: runMs.length, transform: decoder.transform, runMs, wallMs: performance.now() - started };
}
//# sourceMappingURL=scan.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/evaluate/prepare.js
/**
 * The per-row string work of `mlci evaluate`, done where the rows are parsed: feature cells to float arrays, target
 * cells to label ids (or numbers), slice cells to value ids, and the start of each outcomes.csv line. Its output is
 * typed arrays and a few new dictionary entries, so it can run in a worker thread (evaluate's parse thread) and be
 * transferred without copying; evaluate runs the same code on its own thread for small files.
 */



function errorData(err) {
    if (err instanceof MlciError)
        return { what: err.what, where: err.where, fix: err.fix, code: err.code };
    const e = err instanceof Error ? err : new Error(String(err));
    return { what: e.message, internal: { message: e.message, stack: e.stack } };
}
function errorFrom(data) {
    if (data.internal) {
        const err = new Error(data.internal.message);
        if (data.internal.stack)
            err.stack = data.internal.stack;
        return err;
    }
    return new UsageError(data.what, { where: data.where, fix: data.fix, code: data.code });
}
/** The buffers of a prepared batch, for postMessage's transfer list. */
function transferList(b) {
    return [b.lines.buffer, ...b.feeds.map((f) => f.data.buffer), b.targets.buffer, ...b.slices.map((s) => s.buffer), b.outcome.text.buffer, b.outcome.idEnd.buffer, b.outcome.textEnd.buffer];
}
/** Values → ids in order of first appearance, remembering the values new since the last `takeNew`. */
class Dictionary {
    ids = new Map();
    /** Values by id while there are few: comparing is cheaper than hashing each row's fresh string. */
    keys = [];
    fresh = [];
    id(v) {
        const keys = this.keys;
        if (this.ids.size <= 16)
            for (let i = 0; i < keys.length; i++)
                if (keys[i] === v)
                    return i;
        let id = this.ids.get(v);
        if (id === undefined) {
            this.ids.set(v, (id = this.ids.size));
            if (id === keys.length && id < 16)
                keys.push(v);
            this.fresh.push(v);
        }
        return id;
    }
    takeNew() {
        const f = this.fresh;
        this.fresh = [];
        return f;
    }
}
const prepare_COMMA = 44;
class Preparer {
    plan;
    labels = new Dictionary();
    sliceValues;
    text = new Uint8Array(0);
    textBuf = Buffer.alloc(0);
    /** Bytes the last batch's text took: the next buffer's size. */
    textSize = 1 << 16;
    constructor(plan) {
        this.plan = plan;
        this.sliceValues = plan.sliceIdx.map(() => new Dictionary());
    }
    room(pos, n) {
        if (pos + n > this.text.length) {
            const next = new Uint8Array(Math.max(this.text.length * 2, pos + n));
            next.set(this.text.subarray(0, pos));
            this.text = next;
            this.textBuf = Buffer.from(next.buffer);
        }
        return this.textBuf;
    }
    /** Null for a batch without rows. Throws a UsageError for a format issue or a feature cell that is not a number. */
    prepare(batch) {
        const plan = this.plan;
        const issue = batch.issues.find((i) => i.code === 'format');
        if (issue)
            throw new errors_UsageError(issue.message, { where: `${plan.path}:${issue.line}`, fix: 'Fix the file syntax at that line', code: 'format' });
        const rows = batch.rows;
        const n = rows.length;
        if (n === 0)
            return null;
        const feeds = buildFeedArrays(rows, batch.lines, plan.path, plan.features, plan.input);
        const lines = Float64Array.from(batch.lines);
        const classification = plan.classification;
        const targets = classification ? new Int32Array(n) : new Float64Array(n);
        const slices = plan.sliceIdx.map(() => new Int32Array(n));
        const idEnd = new Uint32Array(n);
        const textEnd = new Uint32Array(n);
        const { targetIdx, idIdx, sliceIdx } = plan;
        let failure = null;
        // Each batch gets its own text buffer (it is transferred); sized for rows like the last batch's.
        this.text = new Uint8Array(this.textSize);
        this.textBuf = Buffer.from(this.text.buffer);
        let pos = 0;
        for (let i = 0; i < n; i++) {
            const cells = rows[i];
            const line = batch.lines[i];
            const targetCell = cells[targetIdx];
            if (targetCell === undefined || targetCell.trim() === '') {
                failure = { row: i, error: errorData(new errors_UsageError(`target '${plan.target}' is empty`, { where: `${plan.path}:${line}`, fix: 'Drop rows without a label from the evaluation data', code: 'target-missing' })) };
                break;
            }
            for (let c = 0; c < sliceIdx.length; c++)
                slices[c][i] = this.sliceValues[c].id(cells[sliceIdx[c]] ?? '');
            let targetText = '';
            if (classification)
                targets[i] = this.labels.id(targetCell);
            else {
                const y = +targetCell;
                if (Number.isNaN(y)) {
                    const what = `target '${plan.target}' is '${targetCell}', not a number`;
                    failure = { row: i, error: errorData(new errors_UsageError(what, { where: `${plan.path}:${line}`, fix: 'A regression target must be numeric (use --task classification for labels)', code: 'target-not-numeric' })) };
                    break;
                }
                targets[i] = y;
                targetText = targetCell.trim();
            }
            if (idIdx >= 0 || !classification) {
                const idText = idIdx >= 0 ? csvCell(cells[idIdx] ?? '') : '';
                // Text is at most 3 bytes a UTF-16 unit.
                const buf = this.room(pos, 2 + 3 * (idText.length + targetText.length));
                if (idIdx >= 0) {
                    pos += buf.write(idText, pos);
                    buf[pos++] = prepare_COMMA;
                }
                idEnd[i] = pos;
                if (!classification) {
                    pos += buf.write(targetText, pos);
                    buf[pos++] = prepare_COMMA;
                }
            }
            else
                idEnd[i] = pos;
            textEnd[i] = pos;
        }
        const text = this.text;
        this.textSize = Math.max(1024, pos);
        return {
            rows: n,
            lines,
            feeds,
            targets,
            newLabels: this.labels.takeNew(),
            slices,
            newSliceValues: this.sliceValues.map((d) => d.takeNew()),
            outcome: { text, idEnd, textEnd },
            failure,
        };
    }
}
//# sourceMappingURL=prepare.js.map
;// CONCATENATED MODULE: ../../../packages/core/dist/evaluate/prepare-thread.js
/**
 * The body of evaluate's parse thread (a worker_threads Worker started by parse-thread.ts): opens the data, posts its
 * header, waits for the plan, then parses and prepares batch after batch while the calling thread runs the model.
 * It keeps at most the credit the caller gave ahead of it, so memory stays a few batches deep.
 */

// open.js rather than the readers' index: fewer modules to load before the first batch.


async function runParseThread() {
    const port = external_node_worker_threads_namespaceObject.parentPort;
    const { data, read } = external_node_worker_threads_namespaceObject.workerData;
    let credit = 0;
    let wake = null;
    let givePlan = () => undefined;
    const planned = new Promise((resolve) => (givePlan = resolve));
    port.on('message', (m) => {
        if (m.type === 'plan') {
            credit += m.credit;
            givePlan(m.plan);
        }
        else {
            credit += m.n;
            wake?.();
        }
    });
    try {
        const table = await openTable(data, read);
        port.postMessage({ type: 'header', header: table.header, path: table.path });
        const preparer = new Preparer(await planned);
        for await (const batch of table.batches) {
            const prepared = preparer.prepare(batch);
            if (!prepared)
                continue;
            while (credit === 0)
                await new Promise((resolve) => (wake = resolve));
            credit--;
            port.postMessage({ type: 'batch', batch: prepared }, transferList(prepared));
        }
        port.postMessage({ type: 'end' });
    }
    catch (err) {
        port.postMessage({ type: 'error', error: errorData(err) });
    }
    port.close();
}
//# sourceMappingURL=prepare-thread.js.map

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
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(851);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
