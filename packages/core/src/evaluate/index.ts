export type { OnnxRuntime, OnnxSession, OnnxTensor, OnnxValueMetadata, OnnxSessionOptions } from './onnx-port.js';
export { readOnnxModel, addFloatOutputs, ProtoError, type OnnxModelInfo, type OnnxNode } from './onnx-proto.js';
export { loadModel, TASKS, type Task, type LoadedModel, type LoadModelOptions, type ModelPlan, type InputPlan, type OutputPlan } from './model.js';
export { ClassIndex } from './classes.js';
export { scan, selectFeatures, type FeatureSelection, type ScoredBatch, type ScanResult, type OutputTransform } from './scan.js';
export { evaluateModel, DEFAULT_EVAL_BATCH_ROWS, MAX_SLICE_VALUES, PARSE_THREAD_MIN_BYTES, type EvaluateSettings, type EvaluationResult, type SliceReport } from './evaluate.js';
export { renderEvaluationMarkdown } from './markdown.js';
export { scoreModel, scoreFormatOf, type ScoreSettings, type ScoreResult, type ScoreFormat } from './score.js';
export { EVALUATE_METRIC_OUTPUTS } from './outputs.js';
