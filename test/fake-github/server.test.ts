import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { startFakeGitHub, type FakeGitHub } from './index.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close({ allowMismatches: true });
  gh = undefined;
});

function client(url: string): Octokit {
  const quiet = () => undefined;
  return new Octokit({ auth: 'ghs_test', baseUrl: url, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}

describe('fake GitHub API', () => {
  it('serves comments with GitHub-style pagination across all pages', async () => {
    gh = await startFakeGitHub();
    gh.state.addComments('o', 'r', 7, 250);
    const octokit = client(gh.url);
    const first = await octokit.rest.issues.listComments({ owner: 'o', repo: 'r', issue_number: 7, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('page=3>; rel="last"');
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'o', repo: 'r', issue_number: 7, per_page: 100 });
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `Comment ${i + 1}`));
    expect(gh.calls('GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(4);
    gh.assertNoMismatches();
  });

  it('creates, updates and deletes comments; answers 403 to writes with a read-only token', async () => {
    gh = await startFakeGitHub();
    const octokit = client(gh.url);
    const created = await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'hi' });
    expect(created.status).toBe(201);
    await octokit.rest.issues.updateComment({ owner: 'o', repo: 'r', comment_id: created.data.id, body: 'edited' });
    expect(gh.state.comments[0]!.body).toBe('edited');
    await octokit.rest.issues.deleteComment({ owner: 'o', repo: 'r', comment_id: created.data.id });
    expect(gh.state.comments).toHaveLength(0);
    gh.state.readOnly = true;
    await expect(octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    gh.assertNoMismatches();
  });

  it('records requests that do not match the REST description and fails close()', async () => {
    gh = await startFakeGitHub();
    const octokit = client(gh.url);
    // Wrong body type: `body` must be a string.
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 1, body: 42 as unknown as string }).catch(() => undefined);
    // Bad query parameter type and an unknown query parameter.
    await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments?per_page=lots&colour=red', { owner: 'o', repo: 'r', issue_number: 1 }).catch(() => undefined);
    // Unknown endpoint.
    await expect(octokit.request('GET /repos/{owner}/{repo}/no-such-thing', { owner: 'o', repo: 'r' })).rejects.toMatchObject({ status: 404 });
    expect(gh.mismatches.map((m) => m.problems.join(' '))).toEqual([
      expect.stringMatching(/request body: body\/body must be string/),
      expect.stringMatching(/query parameter 'per_page'="lots".*must be integer.*unknown query parameter 'colour'/),
      expect.stringMatching(/not a GitHub REST endpoint/),
    ]);
    expect(() => gh!.assertNoMismatches()).toThrow(/3 request\(s\) do not match/);
    const server = gh;
    gh = undefined;
    await expect(server.close()).rejects.toThrow(/no-such-thing is not a GitHub REST endpoint/);
  });

  it('finds the latest successful run and serves its artifact zip through a signed blob redirect', async () => {
    gh = await startFakeGitHub();
    const old = gh.state.addRun({ owner: 'o', repo: 'r' });
    gh.state.addRun({ owner: 'o', repo: 'r', conclusion: 'failure' });
    gh.state.addRun({ owner: 'o', repo: 'r', head_repository: 'fork/r' });
    const art = gh.state.addArtifact({ owner: 'o', repo: 'r', run_id: old.id, name: 'metrics', files: { 'metrics.json': '{"accuracy":0.9}' } });
    const octokit = client(gh.url);
    const runs = await octokit.rest.actions.listWorkflowRuns({ owner: 'o', repo: 'r', workflow_id: 'ci.yml', branch: 'main', event: 'push', status: 'success', per_page: 10 });
    expect(runs.data.workflow_runs.map((r) => [r.id, r.head_repository.full_name])).toEqual([
      [old.id + 2, 'fork/r'],
      [old.id, 'o/r'],
    ]);
    const arts = await octokit.rest.actions.listWorkflowRunArtifacts({ owner: 'o', repo: 'r', run_id: old.id, name: 'metrics' });
    expect(arts.data.artifacts.map((a) => a.id)).toEqual([art.id]);
    const dl = await octokit.rest.actions.downloadArtifact({ owner: 'o', repo: 'r', artifact_id: art.id, archive_format: 'zip', request: { redirect: 'manual' } }).catch((e: { status: number; response: { headers: Record<string, string> } }) => e);
    const location = 'response' in dl ? dl.response.headers.location! : (dl.headers as Record<string, string>).location!;
    const zip = new Uint8Array(await (await fetch(location)).arrayBuffer());
    expect(strFromU8(unzipSync(zip)['metrics.json']!)).toBe('{"accuracy":0.9}');
    gh.assertNoMismatches();
  });

  it.each([
    [{ kind: 'status', status: 502 } as const, 502],
    [{ kind: 'rate-limit', retryAfter: 7 } as const, 429],
    [{ kind: 'secondary-rate-limit', retryAfter: 3 } as const, 403],
  ])('injects %o once, then answers normally', async (fault, status) => {
    gh = await startFakeGitHub();
    gh.inject({ ...fault, match: 'issues/{issue_number}/comments' });
    const octokit = client(gh.url);
    const err = (await octokit.rest.issues.listComments({ owner: 'o', repo: 'r', issue_number: 1 }).catch((e: unknown) => e)) as { status: number; response: { headers: Record<string, string>; data: { message: string } } };
    expect(err.status).toBe(status);
    if (fault.kind !== 'status') expect(err.response.headers['retry-after']).toBe(String(fault.retryAfter));
    if (fault.kind === 'secondary-rate-limit') expect(err.response.data.message).toContain('You have exceeded a secondary rate limit');
    expect((await octokit.rest.issues.listComments({ owner: 'o', repo: 'r', issue_number: 1 })).status).toBe(200);
    expect(gh.requests.map((r) => r.fault)).toEqual([fault.kind, undefined]);
  });

  it('resets the connection', async () => {
    gh = await startFakeGitHub();
    gh.inject({ kind: 'reset' });
    const octokit = client(gh.url);
    await expect(octokit.rest.repos.get({ owner: 'o', repo: 'r' })).rejects.toThrow();
    expect((await octokit.rest.repos.get({ owner: 'o', repo: 'r' })).data.default_branch).toBe('main');
  });
});
