import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const dir = join(repoRoot, 'gitlab/templates');
const templates = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => f.replace(/\.yml$/, ''));
const readme = readFileSync(join(repoRoot, 'gitlab/README.md'), 'utf8');

interface InputSpec {
  type?: string;
  default?: unknown;
  options?: unknown[];
  regex?: string;
  description?: string;
}

function load(name: string) {
  const text = readFileSync(join(dir, `${name}.yml`), 'utf8');
  const docs = parseAllDocuments(text);
  for (const d of docs) expect(d.errors.map((e) => e.message), name).toEqual([]);
  const [header, body] = docs.map((d) => d.toJS()) as [{ spec: { inputs: Record<string, InputSpec> } }, Record<string, unknown>];
  return { text, inputs: header.spec.inputs, body };
}

// Keywords that would change the including pipeline beyond the component's own jobs.
const GLOBAL_KEYWORDS = ['stages', 'default', 'workflow', 'variables', 'include', 'image', 'services', 'cache', 'before_script', 'after_script'];

describe('GitLab component templates', () => {
  it('ships every step of the issue plus the whole pipeline', () => {
    expect(templates.sort()).toEqual(['compare', 'evaluate', 'gate', 'monitor', 'pipeline', 'publish-model', 'report', 'run', 'score', 'train', 'validate-data']);
  });

  it("README's input tables match the templates (node gitlab/scripts/readme-inputs.mjs regenerates them)", () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'gitlab/scripts/readme-inputs.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  describe.each(templates)('%s', (name) => {
    const { text, inputs, body } = load(name);

    it('has typed, described inputs whose defaults fit their options and regex', () => {
      for (const [key, spec] of Object.entries(inputs)) {
        expect(spec.description, `${name}.${key}`).toMatch(/\S/);
        expect(['string', 'number', 'boolean', 'array', undefined]).toContain(spec.type);
        if (spec.options && spec.default !== undefined) expect(spec.options, `${name}.${key}`).toContain(spec.default);
        if (spec.regex && typeof spec.default === 'string' && !spec.default.includes('$')) expect(spec.default, `${name}.${key}`).toMatch(new RegExp(spec.regex));
        if (spec.type === 'boolean' && spec.default !== undefined) expect(typeof spec.default).toBe('boolean');
      }
      if (name !== 'pipeline') {
        for (const common of ['stage', 'job_name', 'image', 'mlci_command']) expect(Object.keys(inputs), name).toContain(common);
      }
      expect(inputs.image?.default).toBe('node:24-slim');
    });

    it('defines only its jobs (no global keywords), named by an input', () => {
      for (const key of Object.keys(body)) {
        expect(GLOBAL_KEYWORDS, `${name}: ${key}`).not.toContain(key);
        expect(key, name).toMatch(/^\$\[\[ inputs\.(job_name|job_prefix) \]\]/);
      }
    });

    it('uses every input it declares and declares every input it uses', () => {
      const used = new Set([...text.split('\n---\n')[1]!.matchAll(/\$\[\[\s*inputs\.([A-Za-z0-9_]+)\s*\]\]/g)].map((m) => m[1]));
      expect([...used].sort()).toEqual(Object.keys(inputs).sort());
    });

    it('is documented in the README with an include example and every input', () => {
      const section = readme.split(/^### /m).find((s) => s.startsWith(`${name}\n`));
      expect(section, `README section for ${name}`).toBeDefined();
      if (name !== 'pipeline') expect(section).toContain(`component: $CI_SERVER_FQDN/mlci/components/${name}@0.1.0`);
      for (const key of Object.keys(inputs)) expect(section, `${name}.${key} in README`).toContain(`| \`${key}\` |`);
    });
  });
});
