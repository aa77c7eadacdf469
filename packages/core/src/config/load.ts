import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { configSchema, type MlciConfig } from './schema.js';

/** Formats a zod issue path as a key path: `metrics[0].direction`. */
export function keyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(top level)';
}

/** Finds the 1-based line of a key path in a parsed YAML document, or undefined. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      const key = pair.key as Node | null;
      if (key?.range) line = counter.linePos(key.range[0]).line;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      const range = (node as Node | undefined)?.range;
      if (range) line = counter.linePos(range[0]).line;
    } else break;
  }
  return line;
}

/**
 * Parses YAML or JSON text and validates it with a zod schema. Errors name the file, line and key path,
 * what was wrong and what is allowed.
 */
export function parseYamlWithSchema<S extends z.ZodType>(text: string, file: string, schema: S, what = 'config'): z.infer<S> {
  const counter = new LineCounter();
  // prettyErrors adds linePos, so a syntax error can name its line.
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new UsageError(`${what} is not valid YAML/JSON: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, {
      where: line ? `${file}:${line}` : file,
      fix: 'Fix the syntax at that line',
      code: 'config-syntax',
    });
  }
  const data: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const line = lineOf(doc, counter, issue.path);
    throw new UsageError(`${keyPath(issue.path)}: ${issue.message}`, {
      where: line ? `${file}:${line}` : file,
      fix: `Correct ${keyPath(issue.path)} in the ${what}`,
      code: 'config-invalid',
    });
  }
  return result.data;
}

/** Loads and validates mlci.yml. */
export async function loadConfig(path: string): Promise<MlciConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      where: path,
      fix: 'Check the --config path (default mlci.yml)',
      code: 'file-not-found',
    });
  }
  return parseYamlWithSchema(text, path, configSchema, 'mlci.yml');
}
