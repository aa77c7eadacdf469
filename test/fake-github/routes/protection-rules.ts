import { createPublicKey, verify } from 'node:crypto';
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

/** The GitHub App: tests put its id and public key here; installation tokens are issued only for a valid RS256 JWT. */
export const appBucket = (ctx: { state: RouteContext['state'] }) =>
  ctx.state.bucket<{ appId: string; publicKeyPem: string; issued: string[] }>('github-app', () => ({ appId: '', publicKeyPem: '', issued: [] }));

function verifyAppJwt(ctx: RouteContext): string | undefined {
  const app = appBucket(ctx);
  const m = /^Bearer (([^.]+)\.([^.]+))\.([^.]+)$/.exec(String(ctx.headers.authorization ?? ''));
  if (!m || !app.publicKeyPem) return 'no Bearer JWT';
  const header = JSON.parse(Buffer.from(m[2]!, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(m[3]!, 'base64url').toString());
  if (header.alg !== 'RS256') return 'alg is not RS256';
  if (!verify('RSA-SHA256', Buffer.from(m[1]!), createPublicKey(app.publicKeyPem), Buffer.from(m[4]!, 'base64url'))) return 'bad signature';
  const now = Math.floor(Date.now() / 1000);
  if (String(claims.iss) !== app.appId) return 'wrong iss';
  if (!(claims.iat <= now && claims.exp > now && claims.exp - claims.iat <= 600)) return 'bad iat/exp';
  return undefined;
}

export const protectionRulesRoutes: RouteModule = {
  name: 'protection-rules',
  routes: [
    {
      route: 'POST /app/installations/{installation_id}/access_tokens',
      handle(ctx) {
        const problem = verifyAppJwt(ctx);
        if (problem) return { status: 401, body: { message: `A JSON web token could not be decoded (${problem})` } };
        const token = `ghs_installation_${ctx.params.installation_id}_${ctx.state.nextId()}`;
        appBucket(ctx).issued.push(token);
        return { status: 201, body: { token, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { deployments: 'write', actions: 'read' }, repository_selection: 'all' } };
      },
    },
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
