import { paginate } from '../paginate.js';
import { sameRepo, type User } from '../state.js';
import type { RouteContext, RouteModule } from '../types.js';

/** Deployments and deployment statuses, with GitHub's auto_inactive behaviour. */

export interface FakeDeployment {
  id: number;
  owner: string;
  repo: string;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  production_environment: boolean;
  transient_environment: boolean;
  creator: User;
  created_at: string;
}

export interface FakeDeploymentStatus {
  id: number;
  deployment_id: number;
  state: string;
  description: string;
  log_url: string;
  environment_url: string;
  creator: User;
  created_at: string;
}

export const deploymentsBucket = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<FakeDeployment[]>('deployments', () => []);
export const deploymentStatusesBucket = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<FakeDeploymentStatus[]>('deployment-statuses', () => []);

function deploymentJson(d: FakeDeployment, ctx: RouteContext): unknown {
  const url = `${ctx.baseUrl}/repos/${d.owner}/${d.repo}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: userJson(d.creator),
    created_at: d.created_at,
    updated_at: d.created_at,
    statuses_url: `${url}/statuses`,
    repository_url: `${ctx.baseUrl}/repos/${d.owner}/${d.repo}`,
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
  };
}

function statusJson(s: FakeDeploymentStatus, d: FakeDeployment, ctx: RouteContext): unknown {
  return {
    url: `${ctx.baseUrl}/repos/${d.owner}/${d.repo}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: `DES_${s.id}`,
    state: s.state,
    creator: userJson(s.creator),
    description: s.description,
    environment: d.environment,
    target_url: s.log_url,
    log_url: s.log_url,
    environment_url: s.environment_url,
    created_at: s.created_at,
    updated_at: s.created_at,
    deployment_url: `${ctx.baseUrl}/repos/${d.owner}/${d.repo}/deployments/${d.id}`,
    repository_url: `${ctx.baseUrl}/repos/${d.owner}/${d.repo}`,
  };
}

function userJson(u: User): unknown {
  return { login: u.login, id: u.id, type: u.type, node_id: `U_${u.id}`, avatar_url: '', url: '', html_url: '' };
}

function find(ctx: RouteContext): FakeDeployment | undefined {
  const id = Number(ctx.params.deployment_id);
  return deploymentsBucket(ctx).find((d) => d.id === id && sameRepo(d, ctx.params.owner!, ctx.params.repo!));
}

const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/deployments' } };

export const deploymentsRoutes: RouteModule = {
  name: 'deployments',
  routes: [
    {
      route: 'POST /repos/{owner}/{repo}/deployments',
      handle(ctx) {
        const b = ctx.body ?? {};
        // GitHub resolves the ref to a commit; a full sha stands for itself, a branch name resolves to a fixed sha here.
        const sha = /^[0-9a-f]{40}$/i.test(b.ref) ? String(b.ref).toLowerCase() : 'b'.repeat(40);
        const environment = b.environment ?? 'production';
        const d: FakeDeployment = {
          id: ctx.state.nextId(),
          owner: ctx.params.owner!,
          repo: ctx.params.repo!,
          ref: b.ref,
          sha,
          task: b.task ?? 'deploy',
          environment,
          description: b.description ?? null,
          // GitHub stores an object payload as given and a string payload as a string.
          payload: b.payload ?? {},
          production_environment: b.production_environment ?? environment === 'production',
          transient_environment: b.transient_environment ?? false,
          creator: ctx.state.actor,
          created_at: ctx.state.now(),
        };
        deploymentsBucket(ctx).push(d);
        return { status: 201, body: deploymentJson(d, ctx) };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/deployments',
      handle(ctx) {
        const q = ctx.query;
        const list = deploymentsBucket(ctx)
          .filter((d) => sameRepo(d, ctx.params.owner!, ctx.params.repo!))
          .filter((d) => !q.has('environment') || d.environment === q.get('environment'))
          .filter((d) => !q.has('sha') || d.sha === q.get('sha'))
          .filter((d) => !q.has('ref') || d.ref === q.get('ref'))
          .filter((d) => !q.has('task') || d.task === q.get('task'))
          .sort((a, b) => b.id - a.id);
        return paginate(ctx, list.map((d) => deploymentJson(d, ctx)));
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/deployments/{deployment_id}',
      handle(ctx) {
        const d = find(ctx);
        return d ? { status: 200, body: deploymentJson(d, ctx) } : notFound;
      },
    },
    {
      route: 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      handle(ctx) {
        const d = find(ctx);
        if (!d) return notFound;
        const b = ctx.body ?? {};
        const statuses = deploymentStatusesBucket(ctx);
        const s: FakeDeploymentStatus = {
          id: ctx.state.nextId(),
          deployment_id: d.id,
          state: b.state,
          description: b.description ?? '',
          log_url: b.log_url ?? b.target_url ?? '',
          environment_url: b.environment_url ?? '',
          creator: ctx.state.actor,
          created_at: ctx.state.now(),
        };
        statuses.push(s);
        // auto_inactive (default true): earlier successful deployments to the same environment become inactive.
        if (s.state === 'success' && b.auto_inactive !== false) {
          for (const other of deploymentsBucket(ctx)) {
            if (other.id === d.id || other.environment !== d.environment || !sameRepo(other, d.owner, d.repo) || other.transient_environment) continue;
            const latest = statuses.filter((x) => x.deployment_id === other.id).at(-1);
            if (latest?.state === 'success') {
              statuses.push({ ...latest, id: ctx.state.nextId(), state: 'inactive', description: '', created_at: ctx.state.now() });
            }
          }
        }
        return { status: 201, body: statusJson(s, d, ctx) };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      handle(ctx) {
        const d = find(ctx);
        if (!d) return notFound;
        const list = deploymentStatusesBucket(ctx)
          .filter((s) => s.deployment_id === d.id)
          .sort((a, b) => b.id - a.id)
          .map((s) => statusJson(s, d, ctx));
        return paginate(ctx, list);
      },
    },
  ],
};
