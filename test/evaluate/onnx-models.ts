/**
 * Builds small ONNX models for tests with onnx-proto (ONNX 1.10 protobuf definitions): plain MatMul/Add/Softmax,
 * ai.onnx.ml LinearClassifier, TreeEnsembleClassifier/Regressor, string labels, ZipMap outputs.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
export const DataType = { FLOAT: T.FLOAT, INT64: T.INT64, STRING: T.STRING, DOUBLE: T.DOUBLE } as const;

type Dim = number | string | null;
export interface ValueSpec {
  name: string;
  /** Tensor element type; omitted with `seqMapOf` for ZipMap outputs. */
  type?: number;
  shape?: Dim[];
  /** Sequence of maps (ZipMap output): key type INT64 or STRING, value FLOAT. */
  seqMapOf?: number;
}

export type AttrValue = number | string | number[] | string[] | { floats: number[] } | { ints: number[] } | Float32Array;

export interface NodeSpec {
  op: string;
  domain?: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}

export interface ModelSpec {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers?: Array<{ name: string; dims: number[]; floats: number[] }>;
}

function tensorType(type: number, shape: Dim[] | undefined) {
  const dims = (shape ?? []).map((d) => (typeof d === 'number' ? { dimValue: d } : d === null ? {} : { dimParam: d }));
  return { tensorType: { elemType: type, ...(shape ? { shape: { dim: dims } } : {}) } };
}

function valueInfo(spec: ValueSpec) {
  if (spec.seqMapOf !== undefined) {
    return {
      name: spec.name,
      type: { sequenceType: { elemType: { mapType: { keyType: spec.seqMapOf, valueType: tensorType(T.FLOAT, undefined) } } } },
    };
  }
  return { name: spec.name, type: tensorType(spec.type ?? T.FLOAT, spec.shape) };
}

function attribute(name: string, value: AttrValue) {
  const A = onnx.AttributeProto.AttributeType;
  if (value instanceof Float32Array) return { name, type: A.FLOATS, floats: Array.from(value) };
  if (typeof value === 'number') {
    return Number.isInteger(value) && !name.endsWith('_f') ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
  }
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === 'string') return { name, type: A.STRINGS, strings: (value as string[]).map((s) => new TextEncoder().encode(s)) };
    return { name, type: A.INTS, ints: value as number[] };
  }
  if ('floats' in value) return { name, type: A.FLOATS, floats: value.floats };
  return { name, type: A.INTS, ints: value.ints };
}

/** Serialises a model (IR 8, opset 15 and ai.onnx.ml 2). */
export function buildModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlci-tests',
    opsetImport: [
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 2 },
    ],
    graph: {
      name: 'g',
      node: spec.nodes.map((n, i) => ({
        name: `n${i}`,
        opType: n.op,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: (spec.initializers ?? []).map((t) => ({ name: t.name, dims: t.dims, dataType: T.FLOAT, floatData: t.floats })),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

const ML = 'ai.onnx.ml';

/** Softmax(X·W + b): a PyTorch-style export with one float [N, C] output. `softmax: false` leaves logits. */
export function matmulSoftmax(weights: number[][], bias: number[], options: { softmax?: boolean; inputName?: string } = {}): Uint8Array {
  const f = weights.length;
  const c = bias.length;
  const nodes: NodeSpec[] = [
    { op: 'MatMul', inputs: [options.inputName ?? 'input', 'W'], outputs: ['xw'] },
    { op: 'Add', inputs: ['xw', 'B'], outputs: [options.softmax === false ? 'output' : 'logits'] },
  ];
  if (options.softmax !== false) nodes.push({ op: 'Softmax', inputs: ['logits'], outputs: ['output'], attrs: { axis: -1 } });
  return buildModel({
    inputs: [{ name: options.inputName ?? 'input', type: T.FLOAT, shape: ['N', f] }],
    outputs: [{ name: 'output', type: T.FLOAT, shape: ['N', c] }],
    nodes,
    initializers: [
      { name: 'W', dims: [f, c], floats: weights.flat() },
      { name: 'B', dims: [c], floats: bias },
    ],
  });
}

/** X·w + b with one output of shape [N, 1] (or [N] with `flat`). */
export function linearRegression(weights: number[], bias: number, options: { flat?: boolean } = {}): Uint8Array {
  const f = weights.length;
  const nodes: NodeSpec[] = [
    { op: 'MatMul', inputs: ['input', 'W'], outputs: ['xw'] },
    { op: 'Add', inputs: ['xw', 'B'], outputs: [options.flat ? 'y2' : 'variable'] },
  ];
  if (options.flat) {
    nodes.push({ op: 'Flatten', inputs: ['y2'], outputs: ['y3'], attrs: { axis: 0 } });
    nodes.push({ op: 'Squeeze', inputs: ['y3'], outputs: ['variable'] });
  }
  return buildModel({
    inputs: [{ name: 'input', type: T.FLOAT, shape: ['N', f] }],
    outputs: [{ name: 'variable', type: T.FLOAT, shape: options.flat ? ['N'] : ['N', 1] }],
    nodes,
    initializers: [
      { name: 'W', dims: [f, 1], floats: weights },
      { name: 'B', dims: [1], floats: [bias] },
    ],
  });
}

export interface LinearClassifierSpec {
  /** coefficients[class][feature] */
  coefficients: number[][];
  intercepts: number[];
  labels: number[] | string[];
  postTransform?: 'NONE' | 'SOFTMAX' | 'LOGISTIC';
  zipmap?: boolean;
}

/** skl2onnx's shape for a LogisticRegression: LinearClassifier (+ optional ZipMap), outputs `label` and `probabilities`. */
export function linearClassifier(spec: LinearClassifierSpec): Uint8Array {
  const f = spec.coefficients[0]!.length;
  const strings = typeof spec.labels[0] === 'string';
  const labelAttr = strings ? { classlabels_strings: spec.labels as string[] } : { classlabels_ints: spec.labels as number[] };
  const nodes: NodeSpec[] = [
    {
      op: 'LinearClassifier',
      domain: ML,
      inputs: ['float_input'],
      outputs: ['label', spec.zipmap ? 'probability_tensor' : 'probabilities'],
      attrs: {
        coefficients: { floats: spec.coefficients.flat() },
        intercepts: { floats: spec.intercepts },
        multi_class: spec.coefficients.length > 1 ? 1 : 0,
        post_transform: spec.postTransform ?? 'SOFTMAX',
        ...labelAttr,
      },
    },
  ];
  const labelType = strings ? T.STRING : T.INT64;
  const outputs: ValueSpec[] = [{ name: 'label', type: labelType, shape: ['N'] }];
  if (spec.zipmap) {
    nodes.push({ op: 'ZipMap', domain: ML, inputs: ['probability_tensor'], outputs: ['output_probability'], attrs: labelAttr });
    outputs.push({ name: 'output_probability', seqMapOf: labelType });
  } else {
    outputs.push({ name: 'probabilities', type: T.FLOAT, shape: ['N', spec.labels.length] });
  }
  return buildModel({ inputs: [{ name: 'float_input', type: T.FLOAT, shape: ['N', f] }], outputs, nodes });
}

/** One tree: internal nodes split `x[feature] <= threshold` (BRANCH_LEQ); leaves carry per-class weights or a value. */
export type Tree = { feature: number; threshold: number; left: Tree; right: Tree } | { leaf: number[] };

function flattenTrees(trees: Tree[]) {
  const a = {
    nodes_treeids: [] as number[],
    nodes_nodeids: [] as number[],
    nodes_featureids: [] as number[],
    nodes_values: [] as number[],
    nodes_modes: [] as string[],
    nodes_truenodeids: [] as number[],
    nodes_falsenodeids: [] as number[],
    target: [] as Array<{ tree: number; node: number; index: number; weight: number }>,
  };
  trees.forEach((tree, treeId) => {
    let next = 0;
    const visit = (t: Tree): number => {
      const id = next++;
      const slot = a.nodes_treeids.length;
      a.nodes_treeids.push(treeId);
      a.nodes_nodeids.push(id);
      if ('leaf' in t) {
        a.nodes_featureids.push(0);
        a.nodes_values.push(0);
        a.nodes_modes.push('LEAF');
        a.nodes_truenodeids.push(0);
        a.nodes_falsenodeids.push(0);
        t.leaf.forEach((w, index) => a.target.push({ tree: treeId, node: id, index, weight: w }));
      } else {
        a.nodes_featureids.push(t.feature);
        a.nodes_values.push(t.threshold);
        a.nodes_modes.push('BRANCH_LEQ');
        a.nodes_truenodeids.push(0);
        a.nodes_falsenodeids.push(0);
        a.nodes_truenodeids[slot] = visit(t.left);
        a.nodes_falsenodeids[slot] = visit(t.right);
      }
      return id;
    };
    visit(tree);
  });
  return a;
}

function treeAttrs(flat: ReturnType<typeof flattenTrees>) {
  return {
    nodes_treeids: flat.nodes_treeids,
    nodes_nodeids: flat.nodes_nodeids,
    nodes_featureids: flat.nodes_featureids,
    nodes_values: { floats: flat.nodes_values },
    nodes_modes: flat.nodes_modes,
    nodes_truenodeids: flat.nodes_truenodeids,
    nodes_falsenodeids: flat.nodes_falsenodeids,
  };
}

/** A TreeEnsembleClassifier (random-forest style: leaf weights are class probabilities, averaged over trees). */
export function treeEnsembleClassifier(trees: Tree[], labels: number[] | string[], features: number, options: { zipmap?: boolean } = {}): Uint8Array {
  const flat = flattenTrees(trees);
  const strings = typeof labels[0] === 'string';
  const labelAttr = strings ? { classlabels_strings: labels as string[] } : { classlabels_int64s: labels as number[] };
  const labelType = strings ? T.STRING : T.INT64;
  const nodes: NodeSpec[] = [
    {
      op: 'TreeEnsembleClassifier',
      domain: ML,
      inputs: ['input'],
      outputs: ['label', options.zipmap ? 'probability_tensor' : 'probabilities'],
      attrs: {
        ...treeAttrs(flat),
        class_treeids: flat.target.map((t) => t.tree),
        class_nodeids: flat.target.map((t) => t.node),
        class_ids: flat.target.map((t) => t.index),
        class_weights: { floats: flat.target.map((t) => t.weight / trees.length) },
        post_transform: 'NONE',
        ...labelAttr,
      },
    },
  ];
  const outputs: ValueSpec[] = [{ name: 'label', type: labelType, shape: ['N'] }];
  if (options.zipmap) {
    nodes.push({ op: 'ZipMap', domain: ML, inputs: ['probability_tensor'], outputs: ['output_probability'], attrs: labelAttr });
    outputs.push({ name: 'output_probability', seqMapOf: labelType });
  } else {
    outputs.push({ name: 'probabilities', type: T.FLOAT, shape: ['N', labels.length] });
  }
  return buildModel({ inputs: [{ name: 'input', type: T.FLOAT, shape: ['N', features] }], outputs, nodes });
}

/** A TreeEnsembleRegressor summing leaf values over trees (gradient-boosting style) plus a base value. */
export function treeEnsembleRegressor(trees: Tree[], features: number, base = 0): Uint8Array {
  const flat = flattenTrees(trees);
  return buildModel({
    inputs: [{ name: 'input', type: T.FLOAT, shape: ['N', features] }],
    outputs: [{ name: 'variable', type: T.FLOAT, shape: ['N', 1] }],
    nodes: [
      {
        op: 'TreeEnsembleRegressor',
        domain: ML,
        inputs: ['input'],
        outputs: ['variable'],
        attrs: {
          ...treeAttrs(flat),
          target_treeids: flat.target.map((t) => t.tree),
          target_nodeids: flat.target.map((t) => t.node),
          target_ids: flat.target.map(() => 0),
          target_weights: { floats: flat.target.map((t) => t.weight) },
          n_targets: 1,
          aggregate_function: 'SUM',
          base_values: { floats: [base] },
          post_transform: 'NONE',
        },
      },
    ],
  });
}

/** One input per feature (`[N, 1]` each), concatenated then multiplied: the "named inputs" export style. */
export function perFeatureInputs(names: string[], weights: number[][], bias: number[]): Uint8Array {
  const f = names.length;
  const c = bias.length;
  return buildModel({
    inputs: names.map((name) => ({ name, type: T.FLOAT, shape: ['N', 1] })),
    outputs: [{ name: 'probabilities', type: T.FLOAT, shape: ['N', c] }],
    nodes: [
      { op: 'Concat', inputs: names, outputs: ['x'], attrs: { axis: 1 } },
      { op: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { op: 'Add', inputs: ['xw', 'B'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['probabilities'], attrs: { axis: -1 } },
    ],
    initializers: [
      { name: 'W', dims: [f, c], floats: weights.flat() },
      { name: 'B', dims: [c], floats: bias },
    ],
  });
}
