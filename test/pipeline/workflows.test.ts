import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

type Step = { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { steps?: Step[]; uses?: string; with?: Record<string, unknown>; needs?: string; if?: string; environment?: string; permissions?: Record<string, string>; strategy?: { matrix: Record<string, unknown>; 'max-parallel'?: number } };
type Workflow = { on: Record<string, any>; permissions?: unknown; jobs: Record<string, Job> };

const load = (path: string): Workflow => parse(readFileSync(join(repoRoot, path), 'utf8')) as Workflow;
const rootAction = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

describe('reusable workflow .github/workflows/mlci.yml', () => {
  const wf = load('.github/workflows/mlci.yml');

  it('is callable with config, environments and deploy', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(Object.keys(wf.on.workflow_call.inputs)).toEqual(expect.arrayContaining(['config', 'environments', 'deploy']));
    expect(wf.on.workflow_call.inputs.deploy.type).toBe('boolean');
    expect(JSON.parse(wf.on.workflow_call.inputs.environments.default)).toEqual(['production']);
  });

  it('grants least privilege per job: nothing at the top, only the four documented scopes below', () => {
    expect(wf.permissions).toEqual({});
    const allowed = { contents: 'read', 'pull-requests': 'write', actions: 'read', deployments: 'write' } as Record<string, string>;
    for (const [name, job] of Object.entries(wf.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(Object.keys(allowed), `${name}: ${scope}`).toContain(scope);
        if (allowed[scope] === 'read') expect(level, `${name}: ${scope}`).toBe('read');
      }
    }
    expect(wf.jobs.deploy!.permissions).not.toHaveProperty('pull-requests');
  });

  it('runs the root action with declared inputs, and never interpolates expressions into a shell', () => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses === 'mlci/mlci@v1') for (const key of Object.keys(step.with ?? {})) expect(Object.keys(rootAction.inputs), `${name}: input ${key}`).toContain(key);
        if (step.run) expect(step.run, `${name}: ${step.run}`).not.toMatch(/\$\{\{/);
        for (const ref of JSON.stringify(step).matchAll(/steps\.mlci\.outputs\.([a-z-]+)/g)) expect(Object.keys(rootAction.outputs)).toContain(ref[1]);
      }
    }
  });

  it('pull requests stop at the report; the default branch keeps the baseline, then gates each environment in order before deploying', () => {
    const pipeline = wf.jobs.pipeline!;
    const mlci = pipeline.steps!.find((s) => s.id === 'mlci')!;
    expect(String(mlci.with!.stages).split(',')).not.toContain('gate');
    const keep = pipeline.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact') && String(s.with?.name).includes('artifact-name'))!;
    expect(keep.if).toContain("steps.branch.outputs.default == 'true'");
    const deploy = wf.jobs.deploy!;
    expect(deploy.needs).toBe('pipeline');
    expect(deploy.if).toContain('inputs.deploy');
    expect(deploy.environment).toBe('${{ matrix.environment }}');
    expect(deploy.strategy!['max-parallel']).toBe(1);
    const steps = deploy.steps!.map((s) => s.uses ?? 'run');
    expect(steps.indexOf('mlci/mlci@v1')).toBeLessThan(steps.lastIndexOf('run'));
    expect(deploy.steps!.find((s) => s.uses === 'mlci/mlci@v1')!.with).toMatchObject({ stages: 'gate', environment: '${{ matrix.environment }}', 'record-deployment': 'true' });
    // The recorded deployment is closed after the deploy step, whatever happened, so require_success_in sees it.
    const close = deploy.steps!.at(-1)!;
    expect(close.uses).toBe('mlci/mlci/actions/gate@v1');
    expect(close.if).toContain('always()');
    expect(close.with).toMatchObject({ 'deployment-id': '${{ steps.gate.outputs.deployment-id }}' });
  });
});

describe('example caller .github/workflows/example-ml.yml', () => {
  it('calls the reusable workflow with its declared inputs and the documented permissions', () => {
    const wf = load('.github/workflows/example-ml.yml');
    const reusable = load('.github/workflows/mlci.yml');
    const job = wf.jobs.mlci!;
    expect(job.uses).toBe('mlci/mlci/.github/workflows/mlci.yml@v1');
    for (const key of Object.keys(job.with ?? {})) expect(Object.keys(reusable.on.workflow_call.inputs)).toContain(key);
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', actions: 'read', deployments: 'write' });
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
  });
});
