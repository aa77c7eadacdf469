import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Workflow = { jobs: Record<string, { steps: Step[]; needs?: string | string[]; outputs?: Record<string, string> }> };

const load = (name: string) => parse(readFileSync(join(repoRoot, '.github/workflows', name), 'utf8')) as Workflow;
const inputsOf = (action: string) => Object.keys((parse(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as { inputs: object }).inputs);

describe('deploy and rollback example workflows', () => {
  for (const file of ['deploy.yml', 'rollback.yml']) {
    it(`${file}: uses existing mlci actions with declared inputs, and no expression inside run:`, () => {
      const wf = load(file);
      for (const [job, { steps }] of Object.entries(wf.jobs)) {
        for (const step of steps) {
          const m = /^mlci\/mlci\/actions\/([a-z-]+)@v1$/.exec(step.uses ?? '');
          if (m) {
            expect(existsSync(join(repoRoot, 'actions', m[1]!, 'action.yml')), `${job}: actions/${m[1]}`).toBe(true);
            if (m[1] === 'gate' || m[1] === 'publish-model') {
              for (const key of Object.keys(step.with ?? {})) expect(inputsOf(m[1]), `${job}: ${m[1]} input ${key}`).toContain(key);
            }
          }
          // Script injection: inputs and outputs reach the shell through env, never interpolated into the script.
          if (step.run) expect(step.run, `${job}: ${step.run}`).not.toMatch(/\$\{\{/);
        }
      }
    });
  }

  it('deploy.yml gates staging before production and closes every recorded deployment', () => {
    const wf = load('deploy.yml');
    const gateEnvs = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.includes('actions/gate') && s.with?.environment).map((s) => s.with!.environment));
    expect(gateEnvs).toEqual(['staging', 'production']);
    const finishes = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.with?.['deployment-status']));
    expect(finishes).toHaveLength(2);
    expect([wf.jobs.production!.needs].flat()).toContain('gate-production');
  });
});
