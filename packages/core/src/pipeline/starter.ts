/**
 * Starter files `mlci init` writes: mlci.yml, and the CI file that runs it (a GitHub workflow calling the reusable
 * workflow, or a GitLab include of the pipeline component). Pure text builders, so tests and docs can use them.
 */

export type CiKind = 'github' | 'gitlab';

export interface StarterOptions {
  /** Data file, relative to the repository root (where mlci.yml goes). */
  data?: string | undefined;
  /** Schema path written next to mlci.yml, when data is given. */
  schema?: string | undefined;
  target?: string | undefined;
  model?: string | undefined;
  /** Version of the actions / components to pin. */
  version?: string | undefined;
}

/** YAML flow scalar for a user-given path or name: quoted when plain YAML would change it. */
function scalar(text: string): string {
  return /^[A-Za-z0-9_./*-][A-Za-z0-9_./* -]*$/.test(text) && !/^(true|false|null|yes|no|on|off|~)$/i.test(text) && !/\s$/.test(text) ? text : JSON.stringify(text);
}

export function starterConfig(o: StarterOptions): string {
  const lines = [
    '# mlci.yml: each section is a stage of `mlci run` and of the mlci GitHub action / GitLab component.',
    '# Delete a section to skip its stage. Paths are relative to this file. Reference: docs/reference/config.md',
    'version: 1',
    '',
  ];
  if (o.data) {
    lines.push('data:', `  files: [${scalar(o.data)}]`, ...(o.schema ? [`  schema: ${scalar(o.schema)}`] : []), '', '# Drift of the data against the default branch\'s profile: reported; `fail: true` fails the run.', 'drift:', '  share: 0.5', '');
  } else {
    lines.push('# data:', '#   files: [data/train.csv]', '#   schema: schema.json   # mlci schema infer data/train.csv --out schema.json', '');
  }
  lines.push(
    '# train:',
    '#   command: python train.py',
    '#   params: params.yaml',
    `#   inputs: [${o.data ? scalar(o.data) : 'data/train.csv'}, train.py]`,
    `#   outputs: [${o.model ? scalar(o.model) : 'model.onnx'}]`,
    '',
  );
  if (o.model && o.target) {
    lines.push('evaluate:', `  model: ${scalar(o.model)}`, `  data: ${o.data ? scalar(o.data) : 'data/test.csv'}   # use held-out data`, `  target: ${scalar(o.target)}`, '');
  } else {
    lines.push('# evaluate:', `#   model: ${o.model ? scalar(o.model) : 'model.onnx'}`, '#   data: data/test.csv', `#   target: ${o.target ? scalar(o.target) : 'label'}`, '');
  }
  lines.push(
    '# Rules for compare (metrics against the default branch).',
    'metrics:',
    '  accuracy: { max_regression: 0.01 }',
    '',
    'report:',
    '  name: model',
    '',
    '# gate:',
    '#   environment: production',
    'environments:',
    '  production:',
    `    require: { validation: ${o.data ? 'true' : 'false'} }`,
    '',
  );
  return lines.join('\n');
}

export function starterGitHubWorkflow(o: StarterOptions = {}): string {
  const v = o.version ?? 'v1';
  return `# Runs mlci.yml on pull requests (one report comment) and on main (keeps the baseline). Written by \`mlci init\`.
# Set deploy: true and deploy-command to gate and deploy through the GitHub environments listed.
name: ml
on:
  pull_request:
  push:
    branches: [main]

concurrency:
  group: ml-\${{ github.ref }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}

jobs:
  mlci:
    uses: mlci/mlci/.github/workflows/mlci.yml@${v}
    permissions:
      contents: read
      pull-requests: write
      actions: read
      deployments: write
    with:
      config: mlci.yml
      environments: '["production"]'
      deploy: false
`;
}

export function starterGitLabInclude(o: StarterOptions = {}): string {
  const v = o.version ?? '0.1.0';
  return `# The mlci pipeline component. Written by \`mlci init\`; include it from .gitlab-ci.yml:
#   include:
#     - local: .gitlab/ci/mlci.yml
include:
  - component: $CI_SERVER_FQDN/mlci/components/pipeline@${v}
    inputs:
      config: mlci.yml
      data: ${o.data ? scalar(o.data) : 'data/train.csv'}
      schema: ${o.schema ? scalar(o.schema) : 'schema.json'}
      model: ${o.model ? scalar(o.model) : 'model.onnx'}
      test_data: ${o.data ? scalar(o.data) : 'data/test.csv'}
      target: ${o.target ? scalar(o.target) : 'label'}
`;
}
