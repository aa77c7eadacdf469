/**
 * Loads an ONNX model through the runtime port and works out how to feed it and how to read its outputs:
 * skl2onnx classifiers (label + probabilities, or a ZipMap), PyTorch/TensorFlow exports (one float [N, C] output of
 * probabilities or logits; [N, 1]/[N] scores for binary), and regressors ([N] or [N, 1]).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { OnnxRuntime, OnnxSession, OnnxValueMetadata } from './onnx-port.js';
import { addFloatOutputs, ProtoError, readOnnxModel, type OnnxModelInfo, type OnnxNode } from './onnx-proto.js';

export type Task = 'classification' | 'regression';
export const TASKS: readonly Task[] = ['classification', 'regression'];

export type InputPlan =
  /** One tensor [N, F] carrying every feature. `width` is F when the model fixes it. */
  | { mode: 'matrix'; name: string; type: 'float32' | 'float64'; width: number | null }
  /** One [N, 1] (or [N]) tensor per feature, fed by column name. */
  | { mode: 'named'; names: string[]; type: 'float32' | 'float64'; rank: number[] };

export type OutputPlan =
  | { kind: 'label-proba'; label: string; proba: string; zipmap: boolean }
  | { kind: 'label'; label: string }
  /** One float [N, C] output: probabilities when rows sum to 1, logits (softmax applied) otherwise. */
  | { kind: 'scores'; output: string }
  /** One float [N] / [N, 1] output for a binary classifier: a probability, or a logit (sigmoid applied). */
  | { kind: 'binary-score'; output: string }
  | { kind: 'regression'; output: string };

export interface ModelPlan {
  task: Task;
  input: InputPlan;
  output: OutputPlan;
  /** Class labels in the model's order (probability column order), when the model says so. */
  classes: string[] | null;
  /** Where the class labels came from. */
  classesFrom: 'model' | 'option' | 'index' | null;
  fetches: string[];
}

export interface LoadedModel {
  path: string;
  sizeBytes: number;
  sha256: string;
  info: OnnxModelInfo;
  session: OnnxSession;
  plan: ModelPlan;
}

export interface LoadModelOptions {
  task?: Task | undefined;
  /** Class labels for models that carry none (PyTorch/TF exports), in output column order. */
  classLabels?: string[] | undefined;
  /** What to call the model option in messages (`--model`, `with.model`). */
  modelOption?: string | undefined;
  intraOpNumThreads?: number | undefined;
}

const CLASSIFIER_OPS = new Set(['LinearClassifier', 'TreeEnsembleClassifier', 'SVMClassifier', 'ZipMap', 'TreeEnsemble']);

function classLabelsOf(node: OnnxNode): string[] | null {
  for (const key of ['classlabels_strings', 'classlabels_int64s', 'classlabels_ints']) {
    const a = node.attributes.get(key);
    if (!a) continue;
    if (a.strings.length > 0) return a.strings;
    if (a.ints.length > 0) return a.ints.map(String);
  }
  return null;
}

function corrupt(path: string, what: string, option: string): UsageError {
  return new UsageError(`${what}`, {
    where: path,
    fix: `Pass an ONNX model file to ${option} (export it again with torch.onnx.export, skl2onnx or tf2onnx, and check it is not a truncated download)`,
    code: 'model-invalid',
  });
}

/** Reads, checks and opens the model, and plans how to feed and read it. */
export async function loadModel(path: string, runtime: OnnxRuntime, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const option = options.modelOption ?? '--model';
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UsageError(`cannot read model: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      where: path,
      fix: `Check the ${option} path`,
      code: 'file-not-found',
    });
  }
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  if (head.startsWith('version https://git-lfs')) {
    throw new UsageError('model is a Git LFS pointer, not the model', { where: path, fix: 'Fetch LFS files before this step (actions/checkout with lfs: true)', code: 'model-invalid' });
  }
  let info: OnnxModelInfo;
  try {
    info = readOnnxModel(bytes);
  } catch (err) {
    if (err instanceof ProtoError) throw corrupt(path, `not a valid ONNX model (${err.message})`, option);
    throw err;
  }
  const classifierNode = info.nodes.find((n) => CLASSIFIER_OPS.has(n.opType) && classLabelsOf(n) !== null);
  const modelClasses = classifierNode ? classLabelsOf(classifierNode) : null;

  const create = async (buffer: Uint8Array) => {
    try {
      return await runtime.InferenceSession.create(buffer, {
        ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
        // Idle pool threads otherwise spin between runs, taking a core from the parser on the JS thread (CI runners
        // have 2-4): 1M rows, 2 cores: CPU 3.0 s -> 1.65 s, wall no slower.
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      });
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
      throw corrupt(path, `onnxruntime cannot load the model: ${message}`, option);
    }
  };
  let session = await create(bytes);

  // ZipMap outputs (sequence of maps) cannot be returned by onnxruntime-node: read the ZipMap's input tensor instead.
  const zipmapFor = new Map<string, string>();
  for (const meta of session.outputMetadata) {
    if (meta.isTensor) continue;
    const zipmap = info.nodes.find((n) => n.opType === 'ZipMap' && n.outputs.includes(meta.name));
    if (zipmap?.inputs[0]) zipmapFor.set(meta.name, zipmap.inputs[0]);
  }
  if (zipmapFor.size > 0) {
    await session.release();
    session = await create(addFloatOutputs(bytes, [...zipmapFor.values()]));
  }

  const input = planInput(session, path);
  const { task, output, classes, classesFrom } = planOutput(session, info, zipmapFor, modelClasses, options, path);
  const fetches = output.kind === 'label-proba' ? [output.label, output.proba] : output.kind === 'label' ? [output.label] : [output.output];
  return {
    path,
    sizeBytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    info,
    session,
    plan: { task, input, output, classes, classesFrom, fetches },
  };
}

function floatType(meta: OnnxValueMetadata, path: string): 'float32' | 'float64' {
  if (meta.isTensor && (meta.type === 'float32' || meta.type === 'float64')) return meta.type;
  throw new UsageError(`model input '${meta.name}' is ${meta.isTensor ? meta.type : 'not a tensor'}; mlci feeds float32 or float64 features`, {
    where: path,
    fix: 'Export the model with float inputs (skl2onnx: FloatTensorType; torch: a float tensor)',
    code: 'model-unsupported',
  });
}

function planInput(session: OnnxSession, path: string): InputPlan {
  const metas = session.inputMetadata;
  if (metas.length === 1) {
    const meta = metas[0]!;
    const type = floatType(meta, path);
    const shape = meta.isTensor ? meta.shape : [];
    const width = shape.length === 2 && typeof shape[1] === 'number' && shape[1] > 0 ? shape[1] : null;
    return { mode: 'matrix', name: meta.name, type, width };
  }
  const type = floatType(metas[0]!, path);
  for (const m of metas) floatType(m, path);
  return { mode: 'named', names: metas.map((m) => m.name), type, rank: metas.map((m) => (m.isTensor ? Math.max(1, m.shape.length) : 2)) };
}

function planOutput(
  session: OnnxSession,
  info: OnnxModelInfo,
  zipmapFor: Map<string, string>,
  modelClasses: string[] | null,
  options: LoadModelOptions,
  path: string,
): { task: Task; output: OutputPlan; classes: string[] | null; classesFrom: ModelPlan['classesFrom'] } {
  const metas = session.outputMetadata;
  const tensors = metas.filter((m): m is Extract<OnnxValueMetadata, { isTensor: true }> => m.isTensor);
  const label = tensors.find((m) => m.type === 'int64' || m.type === 'string' || m.type === 'int32');
  const floats = tensors.filter((m) => m.type === 'float32' || m.type === 'float64');
  const zipmapped = [...zipmapFor.values()][0];
  const probaName = zipmapped ?? floats.find((m) => m.shape.length === 2 && m.shape[1] !== 1)?.name;
  const isClassifierGraph = info.nodes.some((n) => CLASSIFIER_OPS.has(n.opType) || /Classifier$/.test(n.opType));
  const wide = floats.find((m) => m.shape.length === 2 && (typeof m.shape[1] !== 'number' || m.shape[1] > 1));
  const task: Task = options.task ?? (isClassifierGraph || label || wide ? 'classification' : 'regression');

  const unsupported = (what: string) =>
    new UsageError(what, { where: path, fix: 'Export one float output ([N] or [N, 1] for regression; [N, C] probabilities or logits for classification)', code: 'model-unsupported' });

  if (task === 'regression') {
    const out = floats.find((m) => m.shape.length <= 1 || m.shape[1] === 1 || typeof m.shape[1] !== 'number');
    if (!out) throw unsupported(`no regression output: outputs are ${metas.map((m) => `${m.name} (${m.isTensor ? `${m.type} [${m.shape.join(', ')}]` : 'not a tensor'})`).join(', ')}`);
    return { task, output: { kind: 'regression', output: out.name }, classes: null, classesFrom: null };
  }

  const given = options.classLabels && options.classLabels.length > 0 ? options.classLabels : null;
  let classes = modelClasses ?? given;
  let classesFrom: ModelPlan['classesFrom'] = modelClasses ? 'model' : given ? 'option' : null;
  if (modelClasses && given && given.join('\u0000') !== modelClasses.join('\u0000')) {
    throw new UsageError(`class labels given (${given.join(', ')}) differ from the model's (${modelClasses.join(', ')})`, {
      where: '--class-labels',
      fix: 'Drop --class-labels: the model carries its own labels',
    });
  }
  if (label && probaName) return { task, output: { kind: 'label-proba', label: label.name, proba: probaName, zipmap: zipmapped !== undefined }, classes, classesFrom };
  if (label) return { task, output: { kind: 'label', label: label.name }, classes, classesFrom };
  if (wide) {
    const c = typeof wide.shape[1] === 'number' ? wide.shape[1] : null;
    if (!classes && c !== null) {
      classes = Array.from({ length: c }, (_, i) => String(i));
      classesFrom = 'index';
    }
    return { task, output: { kind: 'scores', output: wide.name }, classes, classesFrom };
  }
  const narrow = floats[0];
  if (!narrow) throw unsupported(`no float output to read class scores from: outputs are ${metas.map((m) => m.name).join(', ')}`);
  if (!classes) {
    classes = ['0', '1'];
    classesFrom = 'index';
  }
  if (classes.length !== 2) throw unsupported(`output '${narrow.name}' has one score per row, which fits 2 classes, not ${classes.length}`);
  return { task, output: { kind: 'binary-score', output: narrow.name }, classes, classesFrom };
}
