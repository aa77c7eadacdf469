import type { RouteContext, RouteModule } from '../types.js';

/**
 * workflow_dispatch: `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`. Workflows that can be
 * dispatched are declared with `addDispatchableWorkflow` (file name, id, declared inputs, refs); like GitHub, an
 * unknown workflow answers 404, an unknown ref or an input the workflow does not declare answers 422, and a
 * dispatch answers 204 with no body. Every accepted dispatch is recorded.
 */

export interface DispatchableWorkflow {
  owner: string;
  repo: string;
  id: number;
  /** File name under .github/workflows, e.g. `retrain.yml`. */
  file: string;
  /** Input names declared under `on: workflow_dispatch: inputs:`. */
  inputs: string[];
  /** Refs it can run on; default the repository's default branch. */
  refs?: string[];
}

export interface FakeDispatch {
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

export const dispatchableWorkflows = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<DispatchableWorkflow[]>('dispatch-workflows', () => []);
export const dispatchesBucket = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<FakeDispatch[]>('dispatches', () => []);

export function addDispatchableWorkflow(ctx: { state: RouteContext['state'] }, w: Omit<DispatchableWorkflow, 'id'> & { id?: number }): DispatchableWorkflow {
  const wf = { ...w, id: w.id ?? ctx.state.nextId() };
  dispatchableWorkflows(ctx).push(wf);
  return wf;
}

export const dispatchRoutes: RouteModule = {
  name: 'dispatch',
  routes: [
    {
      route: 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      handle(ctx) {
        const { owner, repo, workflow_id } = ctx.params as { owner: string; repo: string; workflow_id: string };
        const wf = dispatchableWorkflows(ctx).find(
          (w) => w.owner.toLowerCase() === owner.toLowerCase() && w.repo.toLowerCase() === repo.toLowerCase() && (w.file === workflow_id || String(w.id) === workflow_id),
        );
        if (!wf) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event' } };
        const ref = String(ctx.body.ref).replace(/^refs\/(heads|tags)\//, '');
        const refs = wf.refs ?? [ctx.state.repo(owner, repo).default_branch];
        if (!refs.includes(ref)) return { status: 422, body: { message: `No ref found for: ${ctx.body.ref}`, documentation_url: 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event' } };
        const inputs = (ctx.body.inputs ?? {}) as Record<string, unknown>;
        const unexpected = Object.keys(inputs).filter((k) => !wf.inputs.includes(k));
        if (unexpected.length > 0) {
          return { status: 422, body: { message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}`, documentation_url: 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event' } };
        }
        dispatchesBucket(ctx).push({ owner, repo, workflow: wf.file, ref, inputs });
        return { status: 204 };
      },
    },
  ],
};
