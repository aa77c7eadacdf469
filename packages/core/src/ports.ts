/**
 * Ports: how core's callers reach the outside world. GitHub, GitLab and the CLI each implement them;
 * tests use in-memory fakes. Core itself never touches the network, the environment or the process.
 */

/** Where a rendered report goes: a PR comment, an MR note, a file on a laptop. */
export interface ReportSink {
  /**
   * Create or update the one report identified by `key` (e.g. workflow + report name).
   * Returns where it landed, or a notice when it could not be posted (read-only token): never throws for that.
   */
  publish(report: { key: string; title: string; markdown: string }): Promise<PublishResult>;
}

export interface PublishResult {
  posted: boolean;
  url?: string | undefined;
  /** Why it was not posted and how to enable it, when `posted` is false. */
  notice?: string | undefined;
  truncated?: boolean | undefined;
}

/** Where a step's output files are kept (workflow artifact, GitLab job artifact, a local folder). */
export interface ArtifactStore {
  upload(name: string, files: string[], rootDir: string): Promise<{ id?: string | number | undefined; url?: string | undefined }>;
}

/** Description of where a baseline came from, shown in reports. */
export interface BaselineSourceInfo {
  kind: 'workflow-run' | 'artifact' | 'git-ref' | 'file' | 'pipeline' | 'none';
  description: string;
  runId?: number | string | undefined;
  commit?: string | undefined;
  url?: string | undefined;
}

/** Fetches files produced on the default branch (metrics, profiles) into a local folder. */
export interface BaselineProvider {
  fetch(request: { files: string[]; destDir: string }): Promise<{ source: BaselineSourceInfo; files: string[] }>;
}
