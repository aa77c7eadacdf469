import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

// GitHub and GitLab refuse a workflow, action or component that is not valid YAML, and only say so when it runs.
// A plain scalar holding ": " (an unquoted description or `run:` line) is the usual way to break one.
const yamlFiles = [
  'action.yml',
  '.gitlab-ci.yml',
  ...readdirSync(join(repoRoot, 'actions'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'lib').map((d) => `actions/${d.name}/action.yml`),
  ...readdirSync(join(repoRoot, '.github/workflows')).map((f) => `.github/workflows/${f}`),
  ...readdirSync(join(repoRoot, 'gitlab/templates')).map((f) => `gitlab/templates/${f}`),
  ...readdirSync(join(repoRoot, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(join(repoRoot, 'examples', d.name)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `examples/${d.name}/${f}`)),
].filter((f) => /\.ya?ml$/.test(f));

describe('every YAML file the CI systems load', () => {
  it.each(yamlFiles)('%s parses without errors', (file) => {
    const docs = parseAllDocuments(readFileSync(join(repoRoot, file), 'utf8'));
    const errors = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors.map((e) => e.message.split('\n')[0]));
    expect(errors).toEqual([]);
  });
});
