import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/**
 * A copy of examples/penguins with an mlci.yml that uses every stage. The rules: accuracy and macro F1 may not drop by more
 * than 0.05 against the baseline; production needs valid data, a comparison and accuracy ≥ 0.75.
 */
export const PENGUINS_MLCI_YML = `version: 1
data:
  files: [data/train.csv, data/test.csv]
  schema: data/schema.json
drift:
  share: 0.5
train:
  command: node train.mjs
  params: params.yaml
  inputs: [data/train.csv, train.mjs]
  outputs: [model/model.onnx]
  metrics: model/train-metrics.json
evaluate:
  model: model/model.onnx
  data: data/test.csv
  target: species
  features: [beak_depth_mm, flipper_length_mm, body_mass_g]
  slice_by: [island]
  id: id
  bootstrap: 200
metrics:
  accuracy: { max_regression: 0.05 }
  f1_macro: { max_regression: 0.05 }
report:
  name: penguins
gate:
  environment: production
environments:
  production:
    require: { validation: true, comparison: true, evaluation: true }
    min: { accuracy: 0.75 }
`;

/** Schema for the penguins data, written by hand from data/*.csv (7 columns, sex may be empty). */
export const PENGUINS_SCHEMA = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
    { name: 'species', type: 'string', constraints: { required: true, enum: ['Adelie', 'Chinstrap', 'Gentoo'] } },
    { name: 'island', type: 'string', constraints: { required: true } },
    { name: 'beak_length_mm', type: 'number', constraints: { minimum: 0 } },
    { name: 'beak_depth_mm', type: 'number', constraints: { minimum: 0 } },
    { name: 'flipper_length_mm', type: 'number', constraints: { minimum: 0 } },
    { name: 'body_mass_g', type: 'number', constraints: { minimum: 0 } },
    { name: 'sex', type: 'string' },
  ],
};

export function penguinsProject(config = PENGUINS_MLCI_YML): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlci-pipeline-'));
  for (const f of ['data/train.csv', 'data/test.csv', 'train.mjs', 'params.yaml']) cpSync(join(repoRoot, 'examples/penguins', f), join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'data/schema.json'), JSON.stringify(PENGUINS_SCHEMA, null, 2));
  writeFileSync(join(dir, 'mlci.yml'), config);
  // train.mjs imports onnx-proto and yaml: resolve them from the repository's node_modules.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The "bad change": 2 epochs at a 500 times smaller learning rate, so the model barely learns. */
export function degradeTraining(dir: string): void {
  const path = join(dir, 'params.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace(/epochs: \d+/, 'epochs: 2').replace(/learning_rate: [\d.]+/, 'learning_rate: 0.001'));
}
