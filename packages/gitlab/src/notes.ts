import { ServiceError, type PublishResult, type ReportSink } from '@mlci/core';
import { projectSegment, type GitLabClient } from './http.js';

/** GitLab rejects note bodies over 1,000,000 characters. */
export const NOTE_MAX_CHARS = 1_000_000;

/** The hidden line that identifies one report across pipelines, so it is updated instead of posted again. */
export function reportMarker(key: string): string {
  // A key must not be able to close the HTML comment early.
  const safe = key.replace(/--+/g, '-').replace(/[<>\r\n]/g, '_').trim();
  return `<!-- mlci-report: ${safe} -->`;
}

interface Note {
  id: number;
  body: string;
  system?: boolean;
  author?: { id?: number; username?: string } | undefined;
}

export interface MergeRequestNoteSinkOptions {
  /** A client authenticated with a token that can write notes (PRIVATE-TOKEN). */
  client: GitLabClient;
  projectId: string;
  mergeRequestIid: number;
  /** `CI_PROJECT_URL`, to link to the note. */
  projectUrl?: string | undefined;
  /** Where the full report is when a long one is cut (e.g. the job's artifacts URL). */
  fullReportUrl?: string | undefined;
}

/** Publishes a report as one merge request note per key, found by its hidden marker on any page and updated in place. */
export class MergeRequestNoteSink implements ReportSink {
  constructor(private readonly options: MergeRequestNoteSinkOptions) {}

  private get notesPath(): string {
    return `/projects/${projectSegment(this.options.projectId)}/merge_requests/${this.options.mergeRequestIid}/notes`;
  }

  async publish(report: { key: string; title: string; markdown: string }): Promise<PublishResult> {
    const marker = reportMarker(report.key);
    const { body, truncated } = noteBody(marker, report.markdown, this.options.fullReportUrl);
    try {
      const me = await this.currentUserId();
      const existing = await this.findNote(marker, me);
      let id: number;
      if (existing === undefined) {
        id = (await this.options.client.json<Note>('POST', this.notesPath, { body: { body } })).id;
      } else {
        id = existing.id;
        // Unchanged reports are not rewritten: no "edited" noise on re-runs.
        if (existing.body !== body) await this.options.client.request('PUT', `${this.notesPath}/${existing.id}`, { body: { body } });
      }
      const url = this.options.projectUrl ? `${this.options.projectUrl}/-/merge_requests/${this.options.mergeRequestIid}#note_${id}` : undefined;
      return { posted: true, url, truncated };
    } catch (err) {
      if (err instanceof ServiceError && (err.status === 401 || err.status === 403)) {
        return {
          posted: false,
          truncated,
          notice: `GitLab refused the note (${err.status}): ${err.fix ?? 'check the token'}`,
        };
      }
      throw err;
    }
  }

  /** The token's user, so a marker quoted by someone else is not mistaken for our note; undefined when the token cannot tell. */
  private async currentUserId(): Promise<number | undefined> {
    try {
      const user = await this.options.client.json<{ id?: number }>('GET', '/user');
      return typeof user.id === 'number' ? user.id : undefined;
    } catch {
      return undefined;
    }
  }

  private async findNote(marker: string, me: number | undefined): Promise<Note | undefined> {
    let fallback: Note | undefined;
    for await (const page of this.options.client.paginate<Note>(this.notesPath, { sort: 'asc', order_by: 'created_at' })) {
      for (const note of page) {
        if (note.system || typeof note.body !== 'string' || !note.body.includes(marker)) continue;
        if (me === undefined || note.author?.id === me) return note;
        fallback ??= note;
      }
    }
    // Only someone else's note carries the marker: post our own rather than edit theirs (we could not anyway).
    return me === undefined ? fallback : undefined;
  }
}

/** Marker + report, cut to GitLab's limit with a line saying where the rest is. */
export function noteBody(marker: string, markdown: string, fullReportUrl?: string): { body: string; truncated: boolean } {
  const body = `${marker}\n${markdown}`;
  if (body.length <= NOTE_MAX_CHARS) return { body, truncated: false };
  const tail = `\n\n---\n**Report truncated** to GitLab's note limit.${fullReportUrl ? ` The full report is in the [job artifacts](${fullReportUrl}).` : ' The full report is in the job artifacts.'}\n`;
  let cut = body.slice(0, NOTE_MAX_CHARS - tail.length);
  // Do not leave half a table row or an open code fence behind.
  const lastNewline = cut.lastIndexOf('\n');
  if (lastNewline > marker.length) cut = cut.slice(0, lastNewline);
  if ((cut.match(/^```/gm)?.length ?? 0) % 2 === 1) cut += '\n```';
  return { body: cut + tail, truncated: true };
}
