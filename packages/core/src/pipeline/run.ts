import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { runComparison, writeComparison, type Comparison } from '../compare/index.js';
import { driftFromProfiles, loadDriftSides, renderDriftMarkdown, type DriftResult } from '../drift/index.js';
import { UsageError } from '../errors.js';
import { evaluateModel, type EvaluationResult } from '../evaluate/index.js';
import { renderGateMarkdown, runGate, writeGateJson } from '../gate/index.js';
import type { BaselineSourceInfo, PublishResult } from '../ports.js';
import { renderReport } from '../report/index.js';
import { loadTableSchema } from '../schema/index.js';
import { runTraining } from '../train/index.js';
import { chooseThreads, resolveDataFiles, validateFiles, validateInThreads, writeValidationOutputs, type ValidationResult } from '../validate/index.js';
import { STAGES, type PipelineResult, type PipelineSettings, type StageName, type StageResult } from './types.js';
import { EVALUATE_METRIC_OUTPUTS } from '../evaluate/outputs.js';

/** The files a later run compares with; the same names every run so a baseline artifact matches by name. */
export const ARTIFACT_FILES = { metrics: 'metrics.json', outcomes: 'outcomes.csv', profile: 'profile.json' } as const;

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A stage's folder under outDir. */
function stageDir(s: PipelineSettings, stage: StageName): string {
  return join(s.outDir, stage);
}

async function readJsonIfExists(path: string): Promise<unknown> {
  if (!existsSync(path)) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/**
 * Runs the pipeline mlci.yml describes: validate, drift, train, evaluate, compare, report, gate. Each stage runs when
 * configured (and selected); a failed check does not stop the stages that still make sense (report, gate) but skips
 * those built on it (no training on invalid data). Bad settings and unreadable files throw UsageError.
 */
export async function runPipeline(s: PipelineSettings): Promise<PipelineResult> {
  const started = Date.now();
  const cfg = s.config;
  const configName = s.configName ?? 'mlci.yml';
  const at = (p: string): string => resolve(s.baseDir, p);
  const selected = (stage: StageName): boolean => !s.only || s.only.length === 0 || s.only.includes(stage);
  const results: StageResult[] = [];
  const byStage = new Map<StageName, StageResult>();
  await mkdir(s.outDir, { recursive: true });
  const artifactDir = join(s.outDir, 'artifact');

  // State the stages share: in memory when the stage ran now, else what an earlier run left in outDir.
  let validation: ValidationResult | undefined;
  let validationFile: string | undefined;
  let profileFile: string | undefined;
  let driftFile: string | undefined;
  let drift: DriftResult | undefined;
  let trainFailed = false;
  let evaluation: EvaluationResult | undefined;
  /** Metrics compared with the baseline: the evaluate stage's, else the training's own. */
  let metricsFile: string | undefined;
  /** The evaluate stage's metrics.json only: the gate reads it as flat metric → number. */
  let evaluateMetrics: string | undefined;
  let evaluationFile: string | undefined;
  let comparison: Comparison | undefined;
  let comparisonFile: string | undefined;
  let reportOut: PipelineResult['report'];
  let gateMarkdown: string | undefined;

  // The baseline is fetched once, on first need (drift reference or compare).
  let baseline: Promise<{ source: BaselineSourceInfo; files: string[] }> | undefined;
  const fetchBaseline = (): Promise<{ source: BaselineSourceInfo; files: string[] }> => {
    if (!baseline) {
      const provider = s.ports?.baseline;
      const wanted: string[] = [ARTIFACT_FILES.metrics, ARTIFACT_FILES.outcomes, ARTIFACT_FILES.profile];
      if (cfg.train?.metrics) wanted.push(basename(cfg.train.metrics));
      baseline = provider
        ? provider.fetch({ files: wanted, destDir: join(s.outDir, 'baseline') })
        : Promise.resolve({ source: { kind: 'none', description: 'no baseline given' }, files: [] });
    }
    return baseline;
  };

  const stage = async (name: StageName, body: () => Promise<Omit<StageResult, 'stage' | 'durationMs'>>): Promise<StageResult> => {
    const t0 = Date.now();
    s.onEvent?.({ stage: name, phase: 'start' });
    const partial = await body();
    const result: StageResult = { stage: name, ...partial, durationMs: Date.now() - t0 };
    results.push(result);
    byStage.set(name, result);
    s.onEvent?.({ stage: name, phase: 'end', result });
    return result;
  };
  const skip = (name: StageName, why: string): StageResult => {
    const result: StageResult = { stage: name, status: 'skipped', summary: why, outputs: {}, files: {}, durationMs: 0 };
    results.push(result);
    byStage.set(name, result);
    s.onEvent?.({ stage: name, phase: 'end', result });
    return result;
  };
  const failed = (name: StageName): boolean => byStage.get(name)?.status === 'failed';

  // ---- validate ----------------------------------------------------------------------------------------------
  if (!cfg.data) skip('validate', 'no data: section');
  else if (!selected('validate')) {
    skip('validate', 'not selected');
    validationFile = existingFile(join(stageDir(s, 'validate'), 'validation.json'));
    profileFile = existingFile(join(stageDir(s, 'validate'), 'profile.json'));
  } else {
    const data = cfg.data;
    await stage('validate', async () => {
      const settings = { data: data.files, schema: data.schema, cwd: s.baseDir, read: data.delimiter !== undefined ? { delimiter: data.delimiter } : undefined };
      const threads = s.validationThreads ? (await chooseThreads(settings, undefined, s.validationThreads)).threads : 1;
      const result = threads > 1 ? await validateInThreads(settings, threads, s.validationThreads!.workerUrl) : await validateFiles(settings);
      const written = await writeValidationOutputs(result, stageDir(s, 'validate'));
      validation = result;
      validationFile = written.validation;
      profileFile = written.profile;
      const bad = data.fail_on === 'never' ? false : data.fail_on === 'warning' ? !result.valid || result.warningCount > 0 : !result.valid;
      const checked = result.files.length - result.skippedCount;
      return {
        status: bad ? 'failed' : 'passed',
        summary: `${result.valid ? 'valid' : 'invalid'}: ${plural(result.errorCount, 'error')}, ${plural(result.warningCount, 'warning')} in ${plural(checked, 'file')}`,
        outputs: { valid: String(result.valid), 'error-count': String(result.errorCount), 'warning-count': String(result.warningCount) },
        files: { validation: written.validation, profile: written.profile, junit: written.junit },
      };
    });
  }
  const dataInvalid = failed('validate');

  // ---- drift -------------------------------------------------------------------------------------------------
  if (!cfg.drift) skip('drift', 'no drift: section');
  else if (!cfg.data) skip('drift', 'drift needs a data: section (the current data)');
  else if (!selected('drift')) {
    skip('drift', 'not selected');
    driftFile = existingFile(join(stageDir(s, 'drift'), 'drift.json'));
  } else {
    const data = cfg.data;
    const driftSettings = cfg.drift;
    let reference: string[] | undefined = data.reference;
    let referenceNote = data.reference ? data.reference.join(', ') : '';
    if (!reference) {
      const found = await fetchBaseline();
      const profile = found.files.find((f) => basename(f) === ARTIFACT_FILES.profile);
      if (profile) {
        reference = [profile];
        referenceNote = `profile from ${found.source.description}`;
      }
    }
    if (!reference) skip('drift', 'no reference yet: the baseline has no profile.json (set data.reference, or run on main first)');
    else {
      const ref = reference;
      await stage('drift', async () => {
        const schema = data.schema && !/datapackage\.(json|ya?ml)$/i.test(data.schema) ? await loadTableSchema(at(data.schema), data.schema) : undefined;
        const sides = await loadDriftSides({
          reference: await driftSide(ref, s.baseDir, `${configName}: data.reference`),
          current: profileFile ? [profileFile] : await resolveDataFiles(data.files, s.baseDir, `${configName}: data.files`),
          cwd: s.baseDir,
          schema,
          read: data.delimiter !== undefined ? { delimiter: data.delimiter } : undefined,
        });
        let result: DriftResult;
        try {
          result = driftFromProfiles(sides.reference, sides.current, driftSettings);
        } catch (err) {
          if (err instanceof UsageError) throw new UsageError(err.what, { where: `${configName}: ${err.where ?? 'drift'}`, fix: err.fix, code: err.code });
          throw err;
        }
        const dir = stageDir(s, 'drift');
        await mkdir(dir, { recursive: true });
        driftFile = join(dir, 'drift.json');
        await writeFile(driftFile, JSON.stringify(result, null, 1) + '\n');
        await writeFile(join(dir, 'drift.md'), renderDriftMarkdown(result));
        drift = result;
        const drifted = Object.entries(result.columns).filter(([, c]) => c.drifted).map(([n]) => n);
        return {
          status: result.drifted && result.fail ? 'failed' : 'passed',
          summary: `${result.drifted ? 'dataset drift' : 'no dataset drift'}: ${result.driftedColumns} of ${result.testedColumns} columns drifted (reference: ${referenceNote})`,
          outputs: { 'drift-detected': String(result.drifted), 'drift-share': fmt(result.share), 'drifted-columns': drifted.join(',') },
          files: { drift: driftFile, markdown: join(dir, 'drift.md') },
        };
      });
    }
  }

  // ---- train -------------------------------------------------------------------------------------------------
  if (!cfg.train) skip('train', 'no train: section');
  else if (!selected('train')) skip('train', 'not selected');
  else if (dataInvalid) skip('train', 'skipped: data validation failed');
  else {
    const train = cfg.train;
    await stage('train', async () => {
      const command = typeof train.command === 'string' ? ['sh', '-c', train.command] : train.command;
      const outcome = await runTraining({
        command,
        cwd: s.baseDir,
        outDir: stageDir(s, 'train'),
        params: train.params,
        inputs: train.inputs,
        outputs: train.outputs,
        metrics: train.metrics,
        force: train.force || s.forceTrain === true,
        env: s.env,
        onOutput: s.onOutput,
        names: { params: `${configName}: train.params`, inputs: `${configName}: train.inputs`, outputs: `${configName}: train.outputs`, metrics: `${configName}: train.metrics` },
      });
      const r = outcome.record;
      const outputs: Record<string, string> = { 'train-outcome': outcome.status, 'train-duration-ms': String(r.duration_ms) };
      if (outcome.status === 'failed') {
        trainFailed = true;
        const last = outcome.tail.trim().split('\n').slice(-1)[0] ?? '';
        return { status: 'failed', summary: `training command exited with ${r.exit_code}${last ? `: ${last}` : ''}`, outputs, files: { run: outcome.recordPath } };
      }
      const summary =
        outcome.status === 'skipped'
          ? outcome.reason
          : `ran in ${(r.duration_ms / 1000).toFixed(1)} s, ${plural(Object.keys(r.outputs).length, 'output file')}`;
      return { status: 'passed', summary, outputs, files: { run: outcome.recordPath } };
    });
  }

  // ---- evaluate ----------------------------------------------------------------------------------------------
  if (!cfg.evaluate) skip('evaluate', 'no evaluate: section');
  else if (!selected('evaluate')) {
    skip('evaluate', 'not selected');
    metricsFile = existingFile(join(stageDir(s, 'evaluate'), 'metrics.json'));
    evaluateMetrics = metricsFile;
    evaluationFile = existingFile(join(stageDir(s, 'evaluate'), 'evaluation.json'));
  } else if (dataInvalid) skip('evaluate', 'skipped: data validation failed');
  else if (trainFailed) skip('evaluate', 'skipped: training failed');
  else {
    const ev = cfg.evaluate;
    await stage('evaluate', async () => {
      if (!s.ports?.onnxRuntime) {
        throw new UsageError('the evaluate stage needs onnxruntime-node', { where: `${configName}: evaluate`, fix: 'Install it next to mlci: npm install onnxruntime-node@1.30.0' });
      }
      const runtime = await s.ports.onnxRuntime();
      const result = await evaluateModel({
        model: at(ev.model),
        data: at(ev.data),
        target: ev.target,
        outDir: stageDir(s, 'evaluate'),
        runtime,
        task: ev.task,
        features: ev.features,
        sliceBy: ev.slice_by,
        classLabels: ev.class_labels,
        idColumn: ev.id,
        bootstrap: { resamples: ev.bootstrap, seed: ev.seed },
        parseThreadModule: s.evaluateParseThread,
        names: { model: `${configName}: evaluate.model`, data: `${configName}: evaluate.data`, target: `${configName}: evaluate.target`, features: `${configName}: evaluate.features`, sliceBy: `${configName}: evaluate.slice_by`, id: `${configName}: evaluate.id` },
      });
      evaluation = result;
      metricsFile = result.files.metrics;
      evaluateMetrics = metricsFile;
      evaluationFile = result.files.evaluation;
      const outputs: Record<string, string> = { task: result.task, rows: String(result.metrics.rows ?? '') };
      for (const [metric, output] of Object.entries(EVALUATE_METRIC_OUTPUTS)) {
        const v = result.metrics[metric];
        if (v !== undefined) outputs[output] = String(v);
      }
      const headline = (result.task === 'classification' ? ['accuracy', 'f1_macro'] : ['mae', 'rmse', 'r2'])
        .filter((k) => result.metrics[k] !== undefined)
        .map((k) => `${k} ${fmt(result.metrics[k]!)}`);
      return {
        status: 'passed',
        summary: `${result.metrics.rows} rows (${result.task}): ${headline.join(', ')}`,
        outputs,
        files: { ...result.files },
      };
    });
  }
  // Without an evaluate stage, the training's own metrics are what gets compared.
  if (!metricsFile && cfg.train?.metrics && !trainFailed && byStage.get('train')?.status !== 'skipped') metricsFile = existingFile(at(cfg.train.metrics));
  if (!metricsFile && cfg.train?.metrics && !cfg.evaluate && !selected('train')) metricsFile = existingFile(at(cfg.train.metrics));

  // ---- compare -----------------------------------------------------------------------------------------------
  if (!selected('compare')) {
    skip('compare', 'not selected');
    comparisonFile = existingFile(join(stageDir(s, 'compare'), 'comparison.json'));
  } else if (!metricsFile) skip('compare', cfg.evaluate || cfg.train?.metrics ? 'no metrics this run' : 'no metrics: add evaluate: (or train.metrics)');
  else {
    const current = metricsFile;
    await stage('compare', async () => {
      const found = await fetchBaseline();
      const base = found.files.filter((f) => basename(f) === basename(current));
      const source: BaselineSourceInfo = found.files.length > 0 && base.length === 0 ? { kind: 'none', description: `${found.source.description} holds no ${basename(current)}` } : found.source;
      const result = await runComparison({ current: [current], baseline: base, baselineSource: source, rules: cfg.metrics, settings: cfg.compare, commit: s.commit });
      comparison = result;
      comparisonFile = await writeComparison(stageDir(s, 'compare'), result);
      const sm = result.summary;
      return {
        status: result.passed ? 'passed' : 'failed',
        summary: `${result.baseline.found ? `${sm.improved} improved, ${sm.regressed} regressed, ${sm.unchanged} unchanged` : 'no baseline yet'}; ${plural(sm.violations, 'rule')} broken`,
        outputs: {
          passed: String(result.passed),
          improved: String(sm.improved),
          regressed: String(sm.regressed),
          violations: String(sm.violations),
          'baseline-found': String(result.baseline.found),
          'baseline-source': result.baseline.kind,
        },
        files: { comparison: comparisonFile },
      };
    });
  }

  // ---- report ------------------------------------------------------------------------------------------------
  const reportable = [validationFile, driftFile, evaluationFile ?? metricsFile, comparisonFile].some((f) => f !== undefined);
  if (!selected('report')) skip('report', 'not selected');
  else if (!reportable) skip('report', 'nothing to report: no stage produced results');
  else {
    await stage('report', async () => {
      const settings = cfg.report ?? { name: 'model', comment: true };
      const title = settings.title ?? settings.name;
      const rendered = renderReport({
        title,
        comparison: comparison ?? ((await readJsonIfExists(comparisonFile ?? '')) as Comparison | undefined),
        validation: validation ? await readJsonIfExists(validationFile!) : await readJsonIfExists(validationFile ?? ''),
        evaluation: evaluation ? await readJsonIfExists(evaluation.files.evaluation) : await readJsonIfExists(evaluationFile ?? metricsFile ?? ''),
        drift: drift ?? (await readJsonIfExists(driftFile ?? '')),
        links: s.links,
        generator: s.generator,
      });
      const dir = stageDir(s, 'report');
      await mkdir(dir, { recursive: true });
      const file = join(dir, 'report.md');
      await writeFile(file, rendered.markdown);
      let publish: PublishResult | undefined;
      if (settings.comment && s.ports?.report) {
        publish = await s.ports.report.publish({ key: s.reportKey ?? settings.name, title, markdown: rendered.markdown });
      }
      reportOut = { markdown: rendered.markdown, verdict: rendered.verdict, status: rendered.status, publish };
      const outputs: Record<string, string> = { 'report-outcome': rendered.status, verdict: rendered.verdict, posted: String(publish?.posted === true) };
      if (publish?.url) outputs['comment-url'] = publish.url;
      return { status: 'passed', summary: rendered.verdict + (publish ? (publish.posted ? ' (posted)' : ` (not posted: ${publish.notice ?? 'no pull request'})`) : ''), outputs, files: { report: file } };
    });
  }

  // ---- gate --------------------------------------------------------------------------------------------------
  const environment = s.environment ?? cfg.gate?.environment;
  if (!selected('gate')) skip('gate', 'not selected');
  else if (!cfg.gate && s.environment === undefined) skip('gate', 'no gate: section');
  else if (!environment) skip('gate', 'no environment (set gate.environment or pass one)');
  else {
    const policy = cfg.environments?.[environment];
    if (!policy) {
      const known = Object.keys(cfg.environments ?? {});
      throw new UsageError(`no policy for environment '${environment}'`, {
        where: `${configName}: environments`,
        fix: known.length ? `Use one of: ${known.join(', ')}, or add environments.${environment}` : `Add environments.${environment} to ${configName}`,
      });
    }
    await stage('gate', async () => {
      const result = await runGate({
        environment,
        policy,
        validation: validationFile,
        comparison: comparisonFile,
        drift: driftFile,
        evaluation: evaluateMetrics,
        model: cfg.evaluate ? existingFile(at(cfg.evaluate.model)) : undefined,
        modelVersion: cfg.gate?.model_version,
        data: validation ? validation.files.filter((f) => f.skipped === undefined).map((f) => at(f.path)) : [],
        commit: s.commit,
        run: s.run,
        history: s.ports?.deployments,
        historyUnavailable: s.ports?.deploymentsUnavailable,
      });
      const file = await writeGateJson(stageDir(s, 'gate'), result);
      gateMarkdown = renderGateMarkdown(result);
      const first = result.reasons[0]?.message;
      return {
        status: result.decision === 'pass' ? 'passed' : 'failed',
        summary: `${environment}: ${result.decision}${first ? ` (${first}${result.reasons.length > 1 ? ` and ${result.reasons.length - 1} more` : ''})` : ''}`,
        outputs: { decision: result.decision, environment, 'gate-reasons': String(result.reasons.length) },
        files: { gate: file },
      };
    });
  }

  // ---- baseline artifact: what the next run on a branch compares with ------------------------------------------
  await rm(artifactDir, { recursive: true, force: true });
  await mkdir(artifactDir, { recursive: true });
  if (metricsFile) {
    await copyFile(metricsFile, join(artifactDir, basename(metricsFile)));
    // metrics.json names outcomes.csv relative to itself, so the pair keeps working side by side.
    const outcomes = join(resolve(metricsFile, '..'), ARTIFACT_FILES.outcomes);
    if (existsSync(outcomes)) await copyFile(outcomes, join(artifactDir, ARTIFACT_FILES.outcomes));
  }
  if (profileFile) await copyFile(profileFile, join(artifactDir, ARTIFACT_FILES.profile));

  // Stages come out in pipeline order even when the selection skipped some early.
  results.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  return {
    stages: results,
    passed: results.every((r) => r.status !== 'failed'),
    report: reportOut,
    gateMarkdown,
    artifactDir,
    durationMs: Date.now() - started,
  };
}

/** A drift side is one profile.json, or data files and globs. */
async function driftSide(values: string[], cwd: string, where: string): Promise<string[]> {
  if (values.length === 1 && /\.json$/i.test(values[0]!)) {
    if (!existsSync(resolve(cwd, values[0]!))) throw new UsageError(`file not found: ${values[0]}`, { where, fix: 'Check the path (relative to mlci.yml)', code: 'file-not-found' });
    return values;
  }
  return resolveDataFiles(values, cwd, where);
}

function existingFile(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}
