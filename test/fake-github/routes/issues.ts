import { paginate } from '../paginate.js';
import { sameRepo, type User } from '../state.js';
import type { RouteContext, RouteModule, RouteResponse } from '../types.js';

/**
 * Issues (not their comments: comments.ts serves those). Issue and pull request numbers share one sequence per
 * repository as on GitHub, and the list includes pull requests (with a `pull_request` key) as GitHub's does.
 */

export interface FakeIssue {
  id: number;
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  /** Set for pull requests, which the issues list returns too. */
  pull_request: boolean;
  user: User;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export const issuesBucket = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<FakeIssue[]>('issues', () => []);

/** GitHub's limit on an issue body, in characters. */
export const MAX_ISSUE_BODY = 65536;

function nextNumber(ctx: { state: RouteContext['state'] }, owner: string, repo: string): number {
  const counters = ctx.state.bucket<Map<string, number>>('issue-numbers', () => new Map());
  const key = `${owner}/${repo}`.toLowerCase();
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return n;
}

/** Seeds an issue (or a pull request) as if someone had opened it. */
export function addIssue(ctx: { state: RouteContext['state'] }, i: Partial<FakeIssue> & { owner: string; repo: string }): FakeIssue {
  const at = ctx.state.now();
  const issue: FakeIssue = {
    id: ctx.state.nextId(),
    number: nextNumber(ctx, i.owner, i.repo),
    title: 'An issue',
    body: null,
    state: 'open',
    state_reason: null,
    labels: [],
    pull_request: false,
    user: { login: 'octocat', id: 1, type: 'User' },
    created_at: at,
    updated_at: at,
    closed_at: null,
    ...i,
  };
  issuesBucket(ctx).push(issue);
  return issue;
}

function issueJson(i: FakeIssue, baseUrl: string): unknown {
  const api = `${baseUrl}/repos/${i.owner}/${i.repo}`;
  return {
    id: i.id,
    node_id: `I_${i.id}`,
    url: `${api}/issues/${i.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${i.number}/labels{/name}`,
    comments_url: `${api}/issues/${i.number}/comments`,
    events_url: `${api}/issues/${i.number}/events`,
    html_url: `${baseUrl}/${i.owner}/${i.repo}/${i.pull_request ? 'pull' : 'issues'}/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.state_reason,
    title: i.title,
    body: i.body,
    user: { login: i.user.login, id: i.user.id, type: i.user.type },
    labels: i.labels.map((name, k) => ({ id: 9000 + k, node_id: `LA_${k}`, url: `${api}/labels/${encodeURIComponent(name)}`, name, color: 'ededed', default: false, description: null })),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    comments: 0,
    ...(i.pull_request ? { pull_request: { url: `${api}/pulls/${i.number}`, html_url: `${baseUrl}/${i.owner}/${i.repo}/pull/${i.number}`, diff_url: null, patch_url: null } } : {}),
    closed_at: i.closed_at,
    created_at: i.created_at,
    updated_at: i.updated_at,
    author_association: 'NONE',
  };
}

const notFound: RouteResponse = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues' } };

function find(ctx: RouteContext): FakeIssue | undefined {
  const n = Number(ctx.params.issue_number);
  return issuesBucket(ctx).find((i) => i.number === n && sameRepo(i, ctx.params.owner!, ctx.params.repo!));
}

function invalidBody(body: unknown): RouteResponse | undefined {
  if (typeof body !== 'string' || body.length <= MAX_ISSUE_BODY) return undefined;
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_ISSUE_BODY} characters)` }],
      documentation_url: 'https://docs.github.com/rest/issues/issues',
    },
  };
}

function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name ?? ''))).filter((l) => l.length > 0);
}

export const issuesRoutes: RouteModule = {
  name: 'issues',
  routes: [
    {
      route: 'GET /repos/{owner}/{repo}/issues',
      handle(ctx) {
        const state = ctx.query.get('state') ?? 'open';
        // `labels` is a comma-separated list; an issue must carry all of them (case-insensitive, as GitHub matches).
        const wanted = (ctx.query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
        const sort = ctx.query.get('sort') ?? 'created';
        const direction = ctx.query.get('direction') ?? 'desc';
        const list = issuesBucket(ctx)
          .filter((i) => sameRepo(i, ctx.params.owner!, ctx.params.repo!))
          .filter((i) => state === 'all' || i.state === state)
          .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
          .sort((a, b) => {
            const key = sort === 'updated' ? a.updated_at.localeCompare(b.updated_at) || a.id - b.id : a.id - b.id;
            return direction === 'asc' ? key : -key;
          });
        return paginate(ctx, list.map((i) => issueJson(i, ctx.baseUrl)));
      },
    },
    {
      route: 'POST /repos/{owner}/{repo}/issues',
      handle(ctx) {
        const title = ctx.body.title;
        if (typeof title !== 'string' || title.trim() === '' || title.length > 256) {
          return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue' } };
        }
        const invalid = invalidBody(ctx.body.body);
        if (invalid) return invalid;
        const issue = addIssue(ctx, { owner: ctx.params.owner!, repo: ctx.params.repo!, title, body: ctx.body.body ?? null, labels: labelNames(ctx.body.labels), user: ctx.state.actor });
        return { status: 201, body: issueJson(issue, ctx.baseUrl) };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/issues/{issue_number}',
      handle(ctx) {
        const issue = find(ctx);
        return issue ? { status: 200, body: issueJson(issue, ctx.baseUrl) } : notFound;
      },
    },
    {
      route: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      handle(ctx) {
        const issue = find(ctx);
        if (!issue) return notFound;
        const invalid = invalidBody(ctx.body.body);
        if (invalid) return invalid;
        const b = ctx.body as Record<string, unknown>;
        if (typeof b.title === 'string') issue.title = b.title;
        if (b.body !== undefined) issue.body = (b.body as string | null) ?? null;
        if (b.labels !== undefined) issue.labels = labelNames(b.labels);
        const now = ctx.state.now();
        if (b.state === 'closed' && issue.state === 'open') {
          issue.state = 'closed';
          issue.closed_at = now;
          issue.state_reason = typeof b.state_reason === 'string' ? b.state_reason : 'completed';
        } else if (b.state === 'open' && issue.state === 'closed') {
          issue.state = 'open';
          issue.closed_at = null;
          issue.state_reason = 'reopened';
        }
        issue.updated_at = now;
        return { status: 200, body: issueJson(issue, ctx.baseUrl) };
      },
    },
  ],
};
