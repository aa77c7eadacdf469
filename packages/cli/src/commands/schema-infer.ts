import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { inferSchema, stringifySchema, OBSERVED_KEY, openTable, resolveDataFiles, UsageError, type ObservedRange } from '@mlci/core';
import { defineCommand, ExitCode } from '../command.js';

const DEFAULT_SAMPLE = 100_000;

export const schemaInferCommand = defineCommand({
  name: ['schema', 'infer'],
  summary: 'Print a Table Schema inferred from a data file: types, required, enums, observed ranges.',
  usage: '<data> [--out <file>] [--format json|yaml] [--sample <rows> | --all]',
  help: [
    ['<data>', 'a CSV, TSV, JSON Lines or JSON array file (optionally .gz)'],
    ['--out <file>', 'write the schema to this file instead of stdout'],
    ['--format <f>', 'json (default) or yaml; taken from the --out extension when that is .yaml/.yml'],
    ['--sample <rows>', `read at most this many rows (default ${DEFAULT_SAMPLE.toLocaleString('en-US')})`],
    ['--all', 'read the whole file'],
    ['--enum-limit <n>', 'strings with at most n distinct values get an enum (default 100)'],
    ['--delimiter <c>', "CSV field delimiter when not the format's default"],
  ],
  options: {
    out: { type: 'string', short: 'o' },
    format: { type: 'string' },
    sample: { type: 'string' },
    all: { type: 'boolean' },
    'enum-limit': { type: 'string' },
    delimiter: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const usage = 'Usage: mlci schema infer <data> [--out <file>] [--format json|yaml]';
    if (args.positionals.length !== 1) {
      throw new UsageError(args.positionals.length === 0 ? 'no data file given' : 'schema infer reads one data file', { where: 'mlci schema infer', fix: usage });
    }
    const positiveInt = (value: string | undefined, flag: string): number | undefined => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`'${value}' is not a positive integer`, { where: flag, fix: `Pass a whole number to ${flag}` });
      return n;
    };
    if (args.values.all && args.values.sample !== undefined) throw new UsageError('--all and --sample exclude each other', { where: 'mlci schema infer', fix: 'Pass one of them' });
    const maxRows = args.values.all ? undefined : (positiveInt(args.values.sample, '--sample') ?? DEFAULT_SAMPLE);
    const enumLimit = positiveInt(args.values['enum-limit'], '--enum-limit');
    const out = args.values.out;
    const format = args.values.format ?? (out && /\.ya?ml$/i.test(out) ? 'yaml' : 'json');
    if (format !== 'json' && format !== 'yaml') throw new UsageError(`'${format}' is not an output format`, { where: '--format', fix: 'Use json or yaml' });

    const [file] = await resolveDataFiles(args.positionals, io.cwd, 'mlci schema infer');
    const delimiter = args.values.delimiter === '\\t' ? '\t' : args.values.delimiter;
    const table = await openTable(file!, { ...(delimiter !== undefined ? { delimiter } : {}), ...(maxRows !== undefined ? { maxRows } : {}) });
    const schema = await inferSchema(table, { maxRows, enumLimit });
    const observed = schema.fields[0]?.[OBSERVED_KEY] as ObservedRange | undefined;
    if (maxRows !== undefined && observed?.rows === maxRows) {
      io.stderr(`note: inferred from the first ${maxRows} rows; pass --all to read the whole file\n`);
    }
    const text = stringifySchema(schema, format);
    if (out) {
      const path = resolve(io.cwd, out);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      io.stderr(`wrote ${out}: ${schema.fields.length} fields\n`);
    } else {
      io.stdout(text);
    }
    return ExitCode.Ok;
  },
});
