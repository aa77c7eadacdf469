/**
 * The subset of the onnxruntime-node API mlci uses. Core never imports the runtime (its native binaries are ~45 MB
 * per platform): the CLI passes `await import('onnxruntime-node')`, the actions pass a copy installed on the runner.
 */

export interface OnnxTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

export type OnnxValueMetadata =
  | { readonly name: string; readonly isTensor: true; readonly type: string; readonly shape: ReadonlyArray<number | string> }
  | { readonly name: string; readonly isTensor: false };

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly OnnxValueMetadata[];
  readonly outputMetadata: readonly OnnxValueMetadata[];
  run(feeds: Record<string, OnnxTensor>, fetches: readonly string[]): Promise<Record<string, OnnxTensor>>;
  release(): Promise<void>;
}

export interface OnnxSessionOptions {
  intraOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Session config entries (onnxruntime's `extra`), e.g. `{ session: { intra_op: { allow_spinning: '0' } } }`. */
  extra?: Record<string, unknown>;
}

export interface OnnxRuntime {
  InferenceSession: { create(model: Uint8Array, options?: OnnxSessionOptions): Promise<OnnxSession> };
  Tensor: new (type: 'float32' | 'float64', data: Float32Array | Float64Array, dims: readonly number[]) => OnnxTensor;
}
