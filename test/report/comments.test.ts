import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, PullRequestCommentSink, reportMarker, upsertComment } from '@mlci/github';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/index.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const ref = { owner: 'acme', repo: 'model', issueNumber: 3 };
const client = () => createApiClient({ token: 't', baseUrl: gh!.url, throttleWrites: false });

describe('upsertComment (in-process, against the fake API)', () => {
  it('two concurrent upserts both create, then settle on the oldest comment with one body', async () => {
    gh = await startFakeGitHub({ delayMs: 25 });
    gh.state.addComments('acme', 'model', 3, 130);
    const marker = reportMarker('CI/model');
    const [a, b] = await Promise.all([upsertComment(client(), ref, marker, `${marker}\nA`), upsertComment(client(), ref, marker, `${marker}\nB`)]);
    const left = gh.state.commentsOn('acme', 'model', 3).filter((c) => c.body.startsWith(marker));
    // Both listed before either created, so both created; the race check removed the newer one.
    expect(gh.calls('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(2);
    expect(left).toHaveLength(1);
    expect([a.commentId, b.commentId]).toEqual([left[0]!.id, left[0]!.id]);
    expect([`${marker}\nA`, `${marker}\nB`]).toContain(left[0]!.body);
    expect(gh.state.commentsOn('acme', 'model', 3)).toHaveLength(131);
  });

  it('the marker cannot be closed or forged by a report name', () => {
    expect(reportMarker('CI/x --> <b>@all')).toBe('<!-- mlci-report: CI/x &#45;&#45;&#62; &#60;b&#62;@&#8203;all -->');
  });

  it('a sink on a read-only token returns a notice instead of throwing', async () => {
    gh = await startFakeGitHub();
    gh.state.readOnly = true;
    const sink = new PullRequestCommentSink({ octokit: client(), owner: 'acme', repo: 'model', issueNumber: 3 });
    const r = await sink.publish({ key: 'CI/model', title: 'm', markdown: 'hello' });
    expect(r).toMatchObject({ posted: false, notice: expect.stringContaining('workflow_run') });
  });

  it('other failures propagate after the configured retries (the action turns them into one line)', async () => {
    gh = await startFakeGitHub();
    gh.inject({ kind: 'status', status: 500, times: 10 });
    const sink = new PullRequestCommentSink({ octokit: createApiClient({ token: 't', baseUrl: gh.url, retries: 1, throttleWrites: false }), owner: 'acme', repo: 'model', issueNumber: 3 });
    await expect(sink.publish({ key: 'CI/model', title: 'm', markdown: 'x' })).rejects.toMatchObject({ status: 500 });
    expect(gh.requests).toHaveLength(2);
  });
});
