import { sameRepo, type User } from '../state.js';
import type { RouteContext, RouteModule } from '../types.js';

/** Custom deployment protection rule reviews and the approvals of environment reviewers on a run. */

export interface FakeProtectionReview {
  owner: string;
  repo: string;
  run_id: number;
  environment_name: string;
  state: 'approved' | 'rejected';
  comment: string;
  token: string;
}

export interface FakeApproval {
  owner: string;
  repo: string;
  run_id: number;
  environments: string[];
  state: 'approved' | 'rejected' | 'pending';
  user: User;
  comment: string;
}

export const protectionReviewsBucket = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<FakeProtectionReview[]>('protection-reviews', () => []);
export const approvalsBucket = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<FakeApproval[]>('approvals', () => []);

export const protectionRulesRoutes: RouteModule = {
  name: 'protection-rules',
  routes: [
    {
      route: 'POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule',
      handle(ctx) {
        const b = ctx.body ?? {};
        protectionReviewsBucket(ctx).push({
          owner: ctx.params.owner!,
          repo: ctx.params.repo!,
          run_id: Number(ctx.params.run_id),
          environment_name: b.environment_name,
          state: b.state,
          comment: b.comment ?? '',
          token: String(ctx.headers.authorization ?? ''),
        });
        return { status: 204 };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
      handle(ctx) {
        const list = approvalsBucket(ctx)
          .filter((a) => sameRepo(a, ctx.params.owner!, ctx.params.repo!) && a.run_id === Number(ctx.params.run_id))
          .map((a) => ({
            environments: a.environments.map((name, i) => ({ id: i + 1, node_id: `EN_${i}`, name, url: '', html_url: '', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' })),
            state: a.state,
            user: { login: a.user.login, id: a.user.id, type: a.user.type, node_id: `U_${a.user.id}`, avatar_url: '', url: '', html_url: '' },
            comment: a.comment,
          }));
        return { status: 200, body: list };
      },
    },
  ],
};
