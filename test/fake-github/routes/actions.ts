import { paginate } from '../paginate.js';
import { sameRepo, type Artifact, type WorkflowRun } from '../state.js';
import type { RouteContext, RouteModule } from '../types.js';

/** Workflow runs, their artifacts and the artifact zip download (302 to a signed blob URL served by this server). */

function runJson(r: WorkflowRun, ctx: RouteContext): unknown {
  const [headOwner, headRepo] = r.head_repository.split('/');
  const repoJson = (owner: string, repo: string) => ({
    id: owner === r.owner ? 1 : 2,
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: { login: owner, id: 1, type: 'User' },
    fork: owner !== r.owner,
  });
  return {
    id: r.id,
    name: r.name,
    node_id: `WFR_${r.id}`,
    head_branch: r.head_branch,
    head_sha: r.head_sha,
    path: `.github/workflows/${r.workflow_file}`,
    run_number: r.run_number,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflow_id,
    url: `${ctx.baseUrl}/repos/${r.owner}/${r.repo}/actions/runs/${r.id}`,
    html_url: `${ctx.baseUrl}/${r.owner}/${r.repo}/actions/runs/${r.id}`,
    created_at: r.created_at,
    updated_at: r.created_at,
    head_commit: { id: r.head_sha, message: 'commit', timestamp: r.created_at },
    repository: repoJson(r.owner, r.repo),
    head_repository: repoJson(headOwner!, headRepo!),
  };
}

function workflowRunRef(a: Artifact, ctx: RouteContext): unknown {
  const run = ctx.state.runs.find((r) => r.id === a.run_id);
  if (!run) return { id: a.run_id };
  const repoId = ctx.state.repo(run.owner, run.repo).id;
  const headId = sameRepo({ owner: run.head_repository.split('/')[0]!, repo: run.head_repository.split('/')[1]! }, run.owner, run.repo) ? repoId : repoId + 1_000_000;
  return { id: run.id, repository_id: repoId, head_repository_id: headId, head_branch: run.head_branch, head_sha: run.head_sha };
}

function artifactJson(a: Artifact, ctx: RouteContext): unknown {
  return {
    id: a.id,
    node_id: `MDg6QXJ0aWZhY3Qx${a.id}`,
    name: a.name,
    size_in_bytes: Object.values(a.files).reduce((n, f) => n + (typeof f === 'string' ? Buffer.byteLength(f) : f.length), 0),
    url: `${ctx.baseUrl}/repos/${a.owner}/${a.repo}/actions/artifacts/${a.id}`,
    archive_download_url: `${ctx.baseUrl}/repos/${a.owner}/${a.repo}/actions/artifacts/${a.id}/zip`,
    expired: a.expired,
    created_at: a.created_at,
    updated_at: a.created_at,
    expires_at: '2099-01-01T00:00:00Z',
    digest: null,
    workflow_run: workflowRunRef(a, ctx),
  };
}

/** Filters shared by the run list endpoints; `status` accepts a status or a conclusion, as GitHub's does. */
function filterRuns(ctx: RouteContext, runs: WorkflowRun[]): WorkflowRun[] {
  const q = ctx.query;
  return runs
    .filter((r) => sameRepo(r, ctx.params.owner!, ctx.params.repo!))
    .filter((r) => !q.has('branch') || r.head_branch === q.get('branch'))
    .filter((r) => !q.has('event') || r.event === q.get('event'))
    .filter((r) => !q.has('head_sha') || r.head_sha === q.get('head_sha'))
    .filter((r) => !q.has('status') || r.status === q.get('status') || r.conclusion === q.get('status'))
    .sort((a, b) => b.id - a.id);
}

const wrapRuns = (ctx: RouteContext) => (page: WorkflowRun[], total: number) => ({ total_count: total, workflow_runs: page.map((r) => runJson(r, ctx)) });
const wrapArtifacts = (ctx: RouteContext) => (page: Artifact[], total: number) => ({ total_count: total, artifacts: page.map((a) => artifactJson(a, ctx)) });

export const actionsRoutes: RouteModule = {
  name: 'actions',
  routes: [
    {
      route: 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      handle(ctx) {
        const wf = ctx.params.workflow_id!;
        const runs = filterRuns(ctx, ctx.state.runs).filter((r) => r.workflow_file === wf || String(r.workflow_id) === wf);
        return paginate(ctx, runs, wrapRuns(ctx));
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/actions/runs',
      handle(ctx) {
        return paginate(ctx, filterRuns(ctx, ctx.state.runs), wrapRuns(ctx));
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
      handle(ctx) {
        const run = ctx.state.runs.find((r) => r.id === Number(ctx.params.run_id) && sameRepo(r, ctx.params.owner!, ctx.params.repo!));
        return run ? { status: 200, body: runJson(run, ctx) } : { status: 404, body: { message: 'Not Found' } };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
      handle(ctx) {
        const name = ctx.query.get('name');
        const list = ctx.state.artifacts
          .filter((a) => a.run_id === Number(ctx.params.run_id) && sameRepo(a, ctx.params.owner!, ctx.params.repo!))
          .filter((a) => name === null || a.name === name)
          .sort((a, b) => b.id - a.id);
        return paginate(ctx, list, wrapArtifacts(ctx));
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/actions/artifacts',
      handle(ctx) {
        const name = ctx.query.get('name');
        const list = ctx.state.artifacts
          .filter((a) => sameRepo(a, ctx.params.owner!, ctx.params.repo!))
          .filter((a) => name === null || a.name === name)
          .sort((a, b) => b.id - a.id);
        return paginate(ctx, list, wrapArtifacts(ctx));
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
      handle(ctx) {
        const a = ctx.state.artifacts.find((x) => x.id === Number(ctx.params.artifact_id) && sameRepo(x, ctx.params.owner!, ctx.params.repo!));
        return a ? { status: 200, body: artifactJson(a, ctx) } : { status: 404, body: { message: 'Not Found' } };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
      handle(ctx) {
        const a = ctx.state.artifacts.find((x) => x.id === Number(ctx.params.artifact_id) && sameRepo(x, ctx.params.owner!, ctx.params.repo!));
        if (!a) return { status: 404, body: { message: 'Not Found' } };
        if (a.expired) return { status: 410, body: { message: 'Artifact has expired' } };
        // GitHub answers with a short-lived signed URL on blob storage; the client must follow it without the token.
        return { status: 302, headers: { location: `${ctx.baseUrl}/_blob/artifacts/${a.id}.zip?sig=fake-signature&se=2099-01-01` } };
      },
    },
    {
      route: 'GET /_blob/artifacts/{file}',
      raw: true,
      handle(ctx) {
        const id = Number(ctx.params.file!.replace(/\.zip$/, ''));
        const a = ctx.state.artifacts.find((x) => x.id === id);
        if (!a || ctx.query.get('sig') !== 'fake-signature') return { status: 403, body: 'AuthenticationFailed' };
        return { status: 200, headers: { 'content-type': 'application/zip' }, body: ctx.state.artifactZip(a) };
      },
    },
  ],
};
