import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GITHUB_COMMENT_LIMIT, renderReport, truncateMarkdown, UsageError, type Comparison } from '@mlci/core';
import { defineCommand, ExitCode, type Io } from '../command.js';
import { VERSION } from '../version.js';

/** Reads a JSON report given on the command line; the error names the option and the file. */
export async function readJsonOption(path: string | undefined, option: string, io: Io): Promise<unknown> {
  if (!path) return undefined;
  const full = resolve(io.cwd, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { where: option, fix: `Check the ${option} path` });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`, { where: option, fix: `Pass the JSON file the step wrote` });
  }
}

function checkComparison(value: unknown, option: string): Comparison {
  const v = value as Partial<Comparison> | undefined;
  if (!v || typeof v.passed !== 'boolean' || !Array.isArray(v.rows) || typeof v.baseline !== 'object') {
    throw new UsageError('not a comparison.json (needs passed, baseline and rows)', { where: option, fix: 'Pass the comparison.json written by `mlci compare`' });
  }
  return v as Comparison;
}

export const reportCommand = defineCommand({
  name: ['report'],
  summary: 'Render the PR report (Markdown) from comparison.json and optional validation, drift and evaluation results.',
  usage: '--comparison <file> [--validation <file>] [--drift <file>] [--evaluation <file>] [--title <text>] [--out <file>]',
  help: [
    ['--comparison <file>', 'comparison.json from `mlci compare`.'],
    ['--validation <file>', 'validation.json from `mlci validate`.'],
    ['--drift <file>', 'drift.json from `mlci drift`, or drift Markdown (.md) rendered by it.'],
    ['--evaluation <file>', 'evaluation.json (or metrics.json) from `mlci evaluate`: confusion matrix and slices.'],
    ['--title <text>', 'Report title, e.g. the model name.'],
    ['--out <file>', 'Write the Markdown here instead of stdout.'],
    ['--max-chars <n>', `Cut the report at a clean boundary to at most n characters (GitHub comments: ${GITHUB_COMMENT_LIMIT}).`],
  ],
  options: {
    comparison: { type: 'string' },
    validation: { type: 'string' },
    drift: { type: 'string' },
    evaluation: { type: 'string' },
    title: { type: 'string' },
    out: { type: 'string' },
    'max-chars': { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    if (!values.comparison && !values.validation) {
      throw new UsageError('nothing to report', { where: 'mlci report', fix: 'Pass --comparison comparison.json (and optionally --validation, --drift, --evaluation)' });
    }
    const comparison = values.comparison ? checkComparison(await readJsonOption(values.comparison, '--comparison', io), '--comparison') : undefined;
    const driftIsMarkdown = values.drift?.toLowerCase().endsWith('.md');
    const rendered = renderReport({
      title: values.title,
      comparison,
      validation: await readJsonOption(values.validation, '--validation', io),
      evaluation: await readJsonOption(values.evaluation, '--evaluation', io),
      drift: driftIsMarkdown ? undefined : await readJsonOption(values.drift, '--drift', io),
      driftMarkdown: driftIsMarkdown ? await readFile(resolve(io.cwd, values.drift!), 'utf8') : undefined,
      generator: `mlci ${VERSION}`,
    });
    let markdown = rendered.markdown;
    if (values['max-chars'] !== undefined) {
      const max = Number(values['max-chars']);
      if (!Number.isInteger(max) || max < 200) throw new UsageError(`--max-chars is '${values['max-chars']}'`, { where: '--max-chars', fix: 'Use a whole number of at least 200' });
      markdown = truncateMarkdown(markdown, max, (kept, total) => `> **Note:** report cut at ${kept} of ${total} characters.`).markdown;
    }
    if (values.out) {
      const out = resolve(io.cwd, values.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, markdown);
      io.stderr(`${rendered.verdict}. Wrote ${out}\n`);
    } else {
      io.stdout(markdown);
    }
    return ExitCode.Ok;
  },
});
