import { escapeHtml, GITHUB_COMMENT_LIMIT, truncateMarkdown, type PublishResult, type ReportSink } from '@mlci/core';
import { isReadOnlyTokenError, type ApiClient } from './octokit.js';

/**
 * One report comment per pull request, workflow and report name: found by a hidden marker across every page of
 * comments and updated in place. Two runs racing on the same PR still end with one comment: after creating, we list
 * again, keep the oldest marker comment (updated to our body) and delete the rest.
 */

export function reportMarker(key: string): string {
  // The key holds workflow and report names: escaped so it cannot close the HTML comment.
  return `<!-- mlci-report: ${escapeHtml(key).replace(/--/g, '&#45;&#45;')} -->`;
}

export interface IssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged';
  commentId: number;
  url: string;
  /** Duplicate marker comments removed (earlier races). */
  deleted: number[];
}

interface CommentLite {
  id: number;
  body?: string | null | undefined;
  html_url: string;
}

async function markerComments(octokit: ApiClient, ref: IssueRef, marker: string): Promise<CommentLite[]> {
  const found: CommentLite[] = [];
  // Every page: busy PRs have hundreds of comments, and the report may be on any of them.
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber, per_page: 100 })) {
    for (const c of page.data) if (c.body?.startsWith(marker)) found.push({ id: c.id, body: c.body, html_url: c.html_url });
  }
  return found.sort((a, b) => a.id - b.id);
}

async function deleteQuietly(octokit: ApiClient, ref: IssueRef, id: number): Promise<boolean> {
  try {
    await octokit.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: id });
    return true;
  } catch (err) {
    // The racing run deleted it first.
    if ((err as { status?: number }).status === 404) return false;
    throw err;
  }
}

/** Creates or updates the marker comment; `body` must already start with `marker`. */
export async function upsertComment(octokit: ApiClient, ref: IssueRef, marker: string, body: string): Promise<UpsertResult> {
  if (!body.startsWith(marker)) throw new Error('upsertComment: body must start with the marker');
  const existing = await markerComments(octokit, ref, marker);
  const deleted: number[] = [];
  if (existing.length > 0) {
    const [keep, ...extra] = existing;
    for (const c of extra) if (await deleteQuietly(octokit, ref, c.id)) deleted.push(c.id);
    if (keep!.body === body) return { action: 'unchanged', commentId: keep!.id, url: keep!.html_url, deleted };
    const updated = await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: keep!.id, body });
    return { action: 'updated', commentId: updated.data.id, url: updated.data.html_url, deleted };
  }
  const created = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber, body });
  // Race check: another run may have created its comment between our listing and our create.
  const after = await markerComments(octokit, ref, marker);
  if (after.length <= 1) return { action: 'created', commentId: created.data.id, url: created.data.html_url, deleted };
  const [oldest, ...rest] = after;
  for (const c of rest) if (await deleteQuietly(octokit, ref, c.id)) deleted.push(c.id);
  if (oldest!.id === created.data.id) return { action: 'created', commentId: created.data.id, url: created.data.html_url, deleted };
  const updated = await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: oldest!.id, body });
  return { action: 'updated', commentId: updated.data.id, url: updated.data.html_url, deleted };
}

export const FORK_NOTICE =
  'mlci could not comment on this pull request: the token is read-only (pull requests from forks get a read-only GITHUB_TOKEN). ' +
  'The report is in the job summary. To get PR comments for forks, post the report from a second workflow triggered by `workflow_run` ' +
  '(see docs/fork-prs.md), or give this job `permissions: pull-requests: write` for pull requests from the same repository.';

export interface CommentSinkOptions {
  octokit: ApiClient;
  owner: string;
  repo: string;
  issueNumber: number;
  /** Character limit of a comment body (GitHub: 65,536). */
  limit?: number | undefined;
  /** Where the full report is when the comment had to be cut (job summary, artifact name). */
  fullReportAt?: string | undefined;
}

/** ReportSink for a pull request: one comment per key, cut cleanly when over the limit, never failing on a read-only token. */
export class PullRequestCommentSink implements ReportSink {
  constructor(private readonly options: CommentSinkOptions) {}

  async publish(report: { key: string; title: string; markdown: string }): Promise<PublishResult & { commentId?: number; action?: UpsertResult['action'] }> {
    const marker = reportMarker(report.key);
    const limit = (this.options.limit ?? GITHUB_COMMENT_LIMIT) - marker.length - 1;
    const where = this.options.fullReportAt ?? 'the job summary';
    const cut = truncateMarkdown(report.markdown, limit, (kept, total) =>
      `> [!NOTE]\n> This comment shows the first ${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} characters: GitHub limits comments to ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}. The full report is in ${where}.`,
    );
    const body = `${marker}\n${cut.markdown}`;
    try {
      const r = await upsertComment(this.options.octokit, { owner: this.options.owner, repo: this.options.repo, issueNumber: this.options.issueNumber }, marker, body);
      return { posted: true, url: r.url, truncated: cut.truncated, commentId: r.commentId, action: r.action };
    } catch (err) {
      if (isReadOnlyTokenError(err)) return { posted: false, notice: FORK_NOTICE, truncated: cut.truncated };
      throw err;
    }
  }
}
