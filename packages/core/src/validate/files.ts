/**
 * `validateFiles`: data files (or globs) against a Table Schema, or every tabular resource of a Data Package,
 * and the writers for `<out>/validation.json`, `profile.json` and `junit.xml`.
 */
import { stat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { displayPath } from './paths.js';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import { createProfiler, mergeProfiles } from '../profile/index.js';
import type { TableProfile } from '../profile/types.js';
import { detectFormat, openTable } from '../readers/index.js';
import type { ReadOptions, TableFormat } from '../readers/types.js';
import { loadSchemaDocument, loadTableSchema, type DataPackage, type DataPackageResource } from '../schema/parse.js';
import type { TableSchema } from '../schema/types.js';
import { validateTable } from './engine.js';
import { renderJUnit } from './junit.js';
import type { FileValidation, ValidationResult } from './types.js';

export interface ValidateSettings {
  /** Data files or globs, relative to `cwd`. May be empty when `schema` is a Data Package descriptor. */
  data: string[];
  /**
   * A Table Schema (JSON/YAML) or a Data Package descriptor. When absent, `data` must name one `datapackage.json`
   * (or `.yaml`), whose tabular resources are validated.
   */
  schema?: string | undefined;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Reader options for the data files (delimiter, quote, …); a Data Package resource's dialect overrides them. */
  read?: Pick<ReadOptions, 'delimiter' | 'quote' | 'format' | 'header'> | undefined;
  /** Keep at most this many error findings per file (all are counted). Default: all. */
  maxErrors?: number | undefined;
  /** Directory Data Package resource paths are relative to (default: the descriptor's directory), relative to `cwd`. */
  basePath?: string | undefined;
}

const DESCRIPTOR = /(^|[\\/])datapackage\.(json|ya?ml)$/i;
const READABLE: ReadonlySet<string> = new Set(['csv', 'tsv', 'jsonl', 'json']);
const FORMAT_ALIASES: Record<string, TableFormat> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'json' };

/** Expands globs and checks that each named file exists. */
export async function resolveDataFiles(patterns: string[], cwd: string, option = 'data'): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
      if (matches.length === 0) throw new UsageError(`no file matches '${pattern}'`, { where: option, fix: 'Check the pattern (it is relative to the working directory)', code: 'file-not-found' });
      files.push(...matches.sort());
      continue;
    }
    const abs = resolve(cwd, pattern);
    let isFile = false;
    try {
      isFile = (await stat(abs)).isFile();
    } catch {
      throw new UsageError(`data file not found: ${pattern}`, { where: option, fix: 'Check the path (it is relative to the working directory)', code: 'file-not-found' });
    }
    if (!isFile) throw new UsageError(`'${pattern}' is not a file`, { where: option, fix: 'Name data files or a glob such as data/*.csv', code: 'file-not-found' });
    files.push(abs);
  }
  return [...new Set(files)];
}

async function validateWithSchema(files: string[], schema: TableSchema, settings: ValidateSettings): Promise<ValidationResult> {
  const results: FileValidation[] = [];
  let profile: TableProfile | undefined;
  const fields = schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any' }));
  for (const abs of files) {
    const shown = displayPath(settings.cwd, abs);
    // One profiler per file, merged: the same code path sharded runs use, and a check that merging holds.
    const profiler = createProfiler(fields);
    // Packed rows: the engine reads numbers, dates and booleans in place, without a string per cell.
    const table = await openTable(abs, { ...settings.read, packed: true });
    const result = await validateTable(table, schema, { displayPath: shown, profiler, maxErrors: settings.maxErrors, headerless: settings.read?.header === false });
    results.push(result);
    const p = profiler.finish();
    profile = profile === undefined ? p : mergeProfiles(profile, p);
  }
  return summarize(results, profile ?? createProfiler(fields).finish());
}

function resourceFormat(resource: DataPackageResource, path: string): string | undefined {
  const declared = resource.format?.toLowerCase().replace(/^\./, '');
  if (declared) return FORMAT_ALIASES[declared] ?? declared;
  return detectFormat(path) ?? path.split('.').pop()?.toLowerCase();
}

function isTabular(resource: DataPackageResource): boolean {
  return resource.schema !== undefined || resource.type === 'table' || /tabular/.test(resource.profile ?? '');
}

function dialectOptions(resource: DataPackageResource): Pick<ReadOptions, 'delimiter' | 'quote' | 'header'> {
  const d = typeof resource.dialect === 'object' ? resource.dialect : undefined;
  const out: Pick<ReadOptions, 'delimiter' | 'quote' | 'header'> = {};
  const delimiter = d?.delimiter ?? d?.csv?.delimiter;
  const quote = d?.quoteChar ?? d?.csv?.quoteChar;
  const header = d?.header ?? d?.csv?.header;
  if (delimiter !== undefined) out.delimiter = delimiter;
  if (quote !== undefined) out.quote = quote;
  if (header !== undefined) out.header = header;
  return out;
}

async function validatePackage(descriptorPath: string, pkg: DataPackage, only: string[] | undefined, settings: ValidateSettings): Promise<ValidationResult> {
  const base = settings.basePath !== undefined ? resolve(settings.cwd, settings.basePath) : dirname(descriptorPath);
  const shownDescriptor = displayPath(settings.cwd, descriptorPath);
  const results: FileValidation[] = [];
  const profiles: Array<{ name: string; path: string; profile: TableProfile }> = [];
  const wanted = only ? new Set(only) : undefined;
  const used = new Set<string>();
  for (const [i, resource] of pkg.resources.entries()) {
    if (!isTabular(resource)) continue;
    const name = resource.name ?? `resources[${i}]`;
    const paths = resource.path === undefined ? [] : Array.isArray(resource.path) ? resource.path : [resource.path];
    if (paths.length === 0) {
      if (wanted) continue;
      results.push(skipped(`${shownDescriptor}#${name}`, name, 'inline data (resource.data) is not validated by mlci; store the rows in a file and set resource.path'));
      continue;
    }
    if (paths.some((p) => /^[a-z][a-z0-9+.-]*:\/\//i.test(p))) {
      if (wanted) continue;
      results.push(skipped(paths.join(', '), name, 'remote resources are not downloaded; validate a local copy'));
      continue;
    }
    const absPaths = paths.map((p) => resolve(base, p));
    if (wanted && !absPaths.some((p) => wanted.has(p))) continue;
    absPaths.forEach((p) => used.add(p));
    let schema: TableSchema;
    if (resource.schema === undefined) {
      results.push(skipped(displayPath(settings.cwd, absPaths[0]!), name, 'the resource has no schema'));
      continue;
    }
    schema = typeof resource.schema === 'string' ? await loadTableSchema(resolve(base, resource.schema), displayPath(settings.cwd, resolve(base, resource.schema))) : (resource.schema as TableSchema);
    const fields = schema.fields.map((f) => ({ name: f.name, type: f.type ?? 'any' }));
    let profile: TableProfile | undefined;
    for (const abs of absPaths) {
      const shown = displayPath(settings.cwd, abs);
      const format = resourceFormat(resource, abs);
      if (format === undefined || !READABLE.has(format)) {
        results.push(skipped(shown, name, `${format ?? 'this'} files cannot be read by mlci (it reads CSV, TSV, JSON Lines and JSON arrays); not validated`));
        continue;
      }
      try {
        await stat(abs);
      } catch {
        throw new UsageError(`data file of resource '${name}' not found: ${paths.join(', ')}`, { where: `${shownDescriptor}: resources[${i}].path`, fix: `Fix the path (it is relative to ${settings.basePath !== undefined ? 'the base path' : "the descriptor's directory"}), or pass the directory that holds the data as the base path`, code: 'file-not-found' });
      }
      const profiler = createProfiler(fields);
      const readOptions = { ...settings.read, ...dialectOptions(resource), format: format as TableFormat };
      const table = await openTable(abs, { ...readOptions, packed: true });
      const result = await validateTable(table, schema, { displayPath: shown, profiler, maxErrors: settings.maxErrors, headerless: readOptions.header === false });
      results.push({ ...result, resource: name });
      const p = profiler.finish();
      profile = profile === undefined ? p : mergeProfiles(profile, p);
    }
    if (profile) profiles.push({ name, path: absPaths.map((p) => displayPath(settings.cwd, p)).join(', '), profile });
  }
  if (wanted) {
    const stray = [...wanted].filter((p) => !used.has(p));
    if (stray.length > 0) {
      throw new UsageError(`${displayPath(settings.cwd, stray[0]!)} is not a resource of the Data Package`, { where: shownDescriptor, fix: 'Name only files listed in the descriptor, or pass a Table Schema with --schema', code: 'usage' });
    }
  }
  return summarize(results, { resources: profiles });
}

function skipped(path: string, resource: string, reason: string): FileValidation {
  return { path, rows: 0, errors: [], warnings: [], resource, skipped: reason, errorCount: 0, columns: [], fileFindings: {}, checks: [] };
}

function summarize(files: FileValidation[], profile: ValidationResult['profile']): ValidationResult {
  const errorCount = files.reduce((n, f) => n + f.errorCount, 0);
  return {
    valid: errorCount === 0,
    errorCount,
    warningCount: files.reduce((n, f) => n + f.warnings.length, 0),
    skippedCount: files.filter((f) => f.skipped !== undefined).length,
    files,
    profile,
  };
}

/**
 * Validates data files against a Table Schema, or the tabular resources of a Data Package descriptor (given as
 * `schema`, or as the only data file). Bad input (missing files, an invalid schema, unreadable data) throws UsageError;
 * findings in the data are returned, never thrown.
 */
export async function validateFiles(settings: ValidateSettings): Promise<ValidationResult> {
  const { cwd } = settings;
  if (settings.schema === undefined) {
    const [only] = settings.data;
    if (settings.data.length !== 1 || only === undefined || !DESCRIPTOR.test(only)) {
      throw new UsageError('no schema given', { where: '--schema', fix: 'Pass --schema <table-schema.json|datapackage.json>, or name one datapackage.json as the data', code: 'usage' });
    }
    const descriptor = resolve(cwd, only);
    const doc = await loadSchemaDocument(descriptor, displayPath(cwd, descriptor));
    if (doc.kind !== 'datapackage') throw new UsageError('the file is a Table Schema, not a Data Package descriptor', { where: only, fix: 'Pass it with --schema and name the data files', code: 'usage' });
    return validatePackage(descriptor, doc.descriptor, undefined, settings);
  }
  const schemaPath = resolve(cwd, settings.schema);
  const doc = await loadSchemaDocument(schemaPath, displayPath(cwd, schemaPath));
  if (doc.kind === 'datapackage') {
    const files = settings.data.length > 0 ? await resolveDataFiles(settings.data, cwd) : undefined;
    return validatePackage(schemaPath, doc.descriptor, files, settings);
  }
  if (settings.data.length === 0) throw new UsageError('no data files given', { where: 'data', fix: 'Name one or more data files or globs', code: 'usage' });
  const files = await resolveDataFiles(settings.data, cwd);
  return validateWithSchema(files, doc.schema, settings);
}

/** validation.json: the CLI contract. Every error finding (unless `maxErrors` capped them) and every warning. */
export function validationJson(result: ValidationResult): unknown {
  return {
    valid: result.valid,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    files: result.files.map((f) => ({
      path: f.path,
      ...(f.resource !== undefined ? { resource: f.resource } : {}),
      rows: f.rows,
      ...(f.skipped !== undefined ? { skipped: f.skipped } : {}),
      ...(f.truncated ? { truncated: true, errorCount: f.errorCount } : {}),
      errors: f.errors.map(({ line, field, code, message }) => ({ line, field, code, message })),
      warnings: f.warnings.map(({ line, field, code, message }) => ({ line, field, code, message })),
    })),
  };
}

export interface ValidationOutputs {
  validation: string;
  profile: string;
  junit: string;
}

/** Writes validation.json, profile.json and junit.xml into `outDir` (created when absent). */
export async function writeValidationOutputs(result: ValidationResult, outDir: string): Promise<ValidationOutputs> {
  await mkdir(outDir, { recursive: true });
  const out = { validation: join(outDir, 'validation.json'), profile: join(outDir, 'profile.json'), junit: join(outDir, 'junit.xml') };
  await writeFile(out.validation, JSON.stringify(validationJson(result), null, 2) + '\n');
  await writeFile(out.profile, JSON.stringify(result.profile, null, 2) + '\n');
  await writeFile(out.junit, renderJUnit(result));
  return out;
}
