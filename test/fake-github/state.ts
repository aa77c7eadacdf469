import { zipSync, strToU8 } from 'fflate';

/**
 * Shared in-memory state behind every route module. Each concern owns a typed field here or, for areas added later,
 * a bucket: `state.bucket<Deployment[]>('deployments', () => [])` returns the same array for the life of the server.
 */

export interface User {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface Comment {
  id: number;
  owner: string;
  repo: string;
  issue_number: number;
  body: string;
  user: User;
  created_at: string;
  updated_at: string;
}

export interface WorkflowRun {
  id: number;
  owner: string;
  repo: string;
  /** Workflow file name, e.g. `ci.yml`; `workflow_id` in URLs may be this or `workflow_id`. */
  workflow_file: string;
  workflow_id: number;
  name: string;
  head_branch: string;
  head_sha: string;
  event: string;
  status: 'completed' | 'in_progress' | 'queued';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  /** `owner/repo` the head commit came from: a fork for pull requests from forks. */
  head_repository: string;
  run_number: number;
  created_at: string;
}

export interface Artifact {
  id: number;
  owner: string;
  repo: string;
  run_id: number;
  name: string;
  /** Files inside the zip. */
  files: Record<string, string | Uint8Array>;
  expired: boolean;
  created_at: string;
}

export interface RepoInfo {
  owner: string;
  repo: string;
  default_branch: string;
  id: number;
}

export class FakeState {
  readonly comments: Comment[] = [];
  readonly runs: WorkflowRun[] = [];
  readonly artifacts: Artifact[] = [];
  readonly repos: RepoInfo[] = [];
  /** The identity the token belongs to; new comments are authored by it. */
  actor: User = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
  /** When true every write (POST/PUT/PATCH/DELETE) answers 403 "Resource not accessible by integration", like a fork PR token. */
  readOnly = false;
  private id = 1000;
  private clock = Date.parse('2026-01-01T00:00:00Z');
  private readonly buckets = new Map<string, unknown>();

  /** Monotonic ids shared by every object type, as GitHub ids are unique and increasing. */
  nextId(): number {
    return ++this.id;
  }

  /** A strictly increasing timestamp, one second apart, so ordering by time is deterministic. */
  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  bucket<T>(name: string, init: () => T): T {
    if (!this.buckets.has(name)) this.buckets.set(name, init());
    return this.buckets.get(name) as T;
  }

  repo(owner: string, repo: string): RepoInfo {
    let r = this.repos.find((x) => x.owner.toLowerCase() === owner.toLowerCase() && x.repo.toLowerCase() === repo.toLowerCase());
    if (!r) {
      r = { owner, repo, default_branch: 'main', id: this.nextId() };
      this.repos.push(r);
    }
    return r;
  }

  addComment(c: { owner: string; repo: string; issue_number: number; body: string; user?: User }): Comment {
    const at = this.now();
    const comment: Comment = { id: this.nextId(), owner: c.owner, repo: c.repo, issue_number: c.issue_number, body: c.body, user: c.user ?? { login: 'octocat', id: 1, type: 'User' }, created_at: at, updated_at: at };
    this.comments.push(comment);
    return comment;
  }

  /** Adds `count` ordinary human comments to an issue or PR. */
  addComments(owner: string, repo: string, issue_number: number, count: number): void {
    for (let i = 0; i < count; i++) this.addComment({ owner, repo, issue_number, body: `Comment ${i + 1}` });
  }

  commentsOn(owner: string, repo: string, issue_number: number): Comment[] {
    return this.comments.filter((c) => sameRepo(c, owner, repo) && c.issue_number === issue_number).sort((a, b) => a.id - b.id);
  }

  addRun(r: Partial<WorkflowRun> & { owner: string; repo: string }): WorkflowRun {
    const run: WorkflowRun = {
      id: this.nextId(),
      workflow_file: 'ci.yml',
      workflow_id: 161335,
      name: 'CI',
      head_branch: 'main',
      head_sha: 'a'.repeat(40),
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      head_repository: `${r.owner}/${r.repo}`,
      run_number: this.runs.length + 1,
      created_at: this.now(),
      ...r,
    };
    this.runs.push(run);
    return run;
  }

  addArtifact(a: { owner: string; repo: string; run_id: number; name: string; files: Record<string, string | Uint8Array>; expired?: boolean }): Artifact {
    const artifact: Artifact = { id: this.nextId(), expired: false, created_at: this.now(), ...a };
    this.artifacts.push(artifact);
    return artifact;
  }

  artifactZip(a: Artifact): Uint8Array {
    const entries: Record<string, Uint8Array> = {};
    for (const [name, content] of Object.entries(a.files)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
    return zipSync(entries);
  }
}

export function sameRepo(x: { owner: string; repo: string }, owner: string, repo: string): boolean {
  return x.owner.toLowerCase() === owner.toLowerCase() && x.repo.toLowerCase() === repo.toLowerCase();
}
