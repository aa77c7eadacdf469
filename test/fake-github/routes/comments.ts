import { paginate } from '../paginate.js';
import type { Comment } from '../state.js';
import type { RouteContext, RouteModule, RouteResponse } from '../types.js';
import { sameRepo } from '../state.js';

/** Issue and pull request comments (a PR's conversation comments are issue comments). */

function toJson(c: Comment, baseUrl: string): unknown {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${baseUrl}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: `${baseUrl}/${c.owner}/${c.repo}/pull/${c.issue_number}#issuecomment-${c.id}`,
    issue_url: `${baseUrl}/repos/${c.owner}/${c.repo}/issues/${c.issue_number}`,
    body: c.body,
    user: { login: c.user.login, id: c.user.id, type: c.user.type },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: 'NONE',
  };
}

function find(ctx: RouteContext): Comment | undefined {
  const id = Number(ctx.params.comment_id);
  return ctx.state.comments.find((c) => c.id === id && sameRepo(c, ctx.params.owner!, ctx.params.repo!));
}

const notFound: RouteResponse = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/comments' } };

/** GitHub's limit on a comment body, in characters. */
export const MAX_COMMENT_BODY = 65536;

function tooLong(body: string): RouteResponse | undefined {
  if (body.length <= MAX_COMMENT_BODY) return undefined;
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_COMMENT_BODY} characters)` }],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    },
  };
}

export const commentsRoutes: RouteModule = {
  name: 'comments',
  routes: [
    {
      route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      handle(ctx) {
        const list = ctx.state.commentsOn(ctx.params.owner!, ctx.params.repo!, Number(ctx.params.issue_number));
        return paginate(ctx, list.map((c) => toJson(c, ctx.baseUrl)));
      },
    },
    {
      route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      handle(ctx) {
        const body = String(ctx.body.body);
        const invalid = tooLong(body);
        if (invalid) return invalid;
        const c = ctx.state.addComment({ owner: ctx.params.owner!, repo: ctx.params.repo!, issue_number: Number(ctx.params.issue_number), body, user: ctx.state.actor });
        return { status: 201, body: toJson(c, ctx.baseUrl) };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/issues/comments/{comment_id}',
      handle(ctx) {
        const c = find(ctx);
        return c ? { status: 200, body: toJson(c, ctx.baseUrl) } : notFound;
      },
    },
    {
      route: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
      handle(ctx) {
        const c = find(ctx);
        if (!c) return notFound;
        const body = String(ctx.body.body);
        const invalid = tooLong(body);
        if (invalid) return invalid;
        c.body = body;
        c.updated_at = ctx.state.now();
        return { status: 200, body: toJson(c, ctx.baseUrl) };
      },
    },
    {
      route: 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}',
      handle(ctx) {
        const c = find(ctx);
        if (!c) return notFound;
        ctx.state.comments.splice(ctx.state.comments.indexOf(c), 1);
        return { status: 204 };
      },
    },
  ],
};
