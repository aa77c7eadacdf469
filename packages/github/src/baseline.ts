import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { BaselineSourceInfo } from '@mlci/core';
import { unzip } from './baseline/unzip.js';
import type { RunContext } from './context.js';
import type { ApiClient } from './octokit.js';

/**
 * `baseline: auto` on GitHub. In order:
 * 1. the latest successful run of the same workflow on the default branch, from a push in this repository (a fork's
 *    branch that happens to be called `main` never matches), and its metrics artifact;
 * 2. the newest unexpired artifact with that name from the default branch of this repository (any workflow);
 * 3. a metrics file committed at the base ref (`git show`, fetching the ref when the checkout is shallow);
 * 4. none: the report says "no baseline yet".
 */

const exec = promisify(execFile);

export interface BaselineSettings {
  octokit: ApiClient;
  ctx: RunContext;
  token: string;
  artifactName: string;
  /** Where downloaded files go. */
  destDir: string;
  /** Path of a metrics file in the repository, for the git fallback. */
  baselineFile?: string | undefined;
  /** Working tree for git (the checkout). */
  gitCwd: string;
  /** Successful runs to look through for the artifact (default 10). */
  maxRuns?: number | undefined;
  log?: ((message: string) => void) | undefined;
}

export interface BaselineFound {
  source: BaselineSourceInfo;
  /** Absolute paths of the baseline files; empty when none was found. */
  files: string[];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** @actions/artifact refuses GitHub Enterprise Server; there we download the zip through the REST API ourselves. */
function isGhes(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname.toUpperCase();
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
}

async function downloadArtifact(s: BaselineSettings, artifactId: number, runId: number, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  if (isGhes(s.ctx.serverUrl)) {
    const r = await s.octokit.rest.actions.downloadArtifact({ owner: s.ctx.owner, repo: s.ctx.repo, artifact_id: artifactId, archive_format: 'zip' });
    const files = unzip(Buffer.from(r.data as ArrayBuffer));
    for (const [name, content] of files) {
      const target = resolve(dir, name);
      // Zip-slip guard: an entry must stay inside the destination.
      if (!target.startsWith(resolve(dir) + sep)) throw new Error(`artifact entry '${name}' escapes the destination folder`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  } else {
    // Loaded on use: @actions/artifact and the Azure SDK are ~300 modules that every other mlci command would load.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    await new DefaultArtifactClient().downloadArtifact(artifactId, {
      path: dir,
      findBy: { token: s.token, workflowRunId: runId, repositoryOwner: s.ctx.owner, repositoryName: s.ctx.repo },
    });
  }
  return listFiles(dir);
}

async function defaultBranch(s: BaselineSettings): Promise<string> {
  if (s.ctx.defaultBranch) return s.ctx.defaultBranch;
  const repo = await s.octokit.rest.repos.get({ owner: s.ctx.owner, repo: s.ctx.repo });
  return repo.data.default_branch;
}

const sameRepo = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

export async function findBaseline(s: BaselineSettings): Promise<BaselineFound> {
  const log = s.log ?? (() => undefined);
  const full = `${s.ctx.owner}/${s.ctx.repo}`;
  const branch = await defaultBranch(s);
  const tried: string[] = [];

  // 1. The same workflow's latest successful push run on the default branch of this repository.
  if (s.ctx.workflowFile) {
    const runs = await s.octokit.rest.actions.listWorkflowRuns({
      owner: s.ctx.owner,
      repo: s.ctx.repo,
      workflow_id: s.ctx.workflowFile,
      branch,
      event: 'push',
      status: 'success',
      per_page: Math.min(s.maxRuns ?? 10, 100),
    });
    const candidates = runs.data.workflow_runs.filter((r) => sameRepo(r.head_repository?.full_name, full) && r.head_branch === branch && r.id !== s.ctx.runId);
    for (const run of candidates) {
      const arts = await s.octokit.rest.actions.listWorkflowRunArtifacts({ owner: s.ctx.owner, repo: s.ctx.repo, run_id: run.id, name: s.artifactName, per_page: 10 });
      const artifact = arts.data.artifacts.find((a) => a.name === s.artifactName && !a.expired);
      if (!artifact) continue;
      log(`baseline: artifact '${s.artifactName}' (id ${artifact.id}) from run ${run.id} at ${run.head_sha}`);
      const files = await downloadArtifact(s, artifact.id, run.id, join(s.destDir, `run-${run.id}`));
      return {
        source: { kind: 'workflow-run', description: `latest successful run of ${s.ctx.workflowFile} on ${branch}`, runId: run.id, commit: run.head_sha, url: run.html_url },
        files,
      };
    }
    tried.push(candidates.length ? `no successful run of ${s.ctx.workflowFile} on ${branch} kept the artifact '${s.artifactName}'` : `no successful push run of ${s.ctx.workflowFile} on ${branch}`);
  }

  // 2. The newest artifact of that name from the default branch of this repository, from any workflow.
  const named = await s.octokit.rest.actions.listArtifactsForRepo({ owner: s.ctx.owner, repo: s.ctx.repo, name: s.artifactName, per_page: 20 });
  const artifact = named.data.artifacts.find(
    (a) => !a.expired && a.workflow_run?.head_branch === branch && (a.workflow_run.head_repository_id === undefined || a.workflow_run.head_repository_id === a.workflow_run.repository_id) && a.workflow_run.id !== s.ctx.runId,
  );
  if (artifact?.workflow_run?.id) {
    const runId = artifact.workflow_run.id;
    log(`baseline: newest artifact '${s.artifactName}' on ${branch} (id ${artifact.id}, run ${runId})`);
    const files = await downloadArtifact(s, artifact.id, runId, join(s.destDir, `artifact-${artifact.id}`));
    return {
      source: { kind: 'artifact', description: `newest artifact '${s.artifactName}' on ${branch}`, runId, commit: artifact.workflow_run.head_sha, url: `${s.ctx.serverUrl}/${full}/actions/runs/${runId}` },
      files,
    };
  }
  tried.push(`no unexpired artifact '${s.artifactName}' on ${branch}`);

  // 3. A metrics file committed at the base ref.
  if (s.baselineFile) {
    const base = s.ctx.pullRequest?.baseRef || branch;
    const found = await fileAtRef(s.gitCwd, base, s.baselineFile, join(s.destDir, 'git'), log);
    if (found) return { source: { kind: 'git-ref', description: `${s.baselineFile} at ${base}`, commit: found.commit }, files: [found.path] };
    tried.push(`${s.baselineFile} not found at ${base}`);
  }
  return { source: { kind: 'none', description: tried.join('; ') }, files: [] };
}

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await exec('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  return r.stdout;
}

/** `git show <ref>:<path>`, trying origin/<ref>, then fetching the ref (shallow checkouts lack it). */
export async function fileAtRef(cwd: string, ref: string, path: string, destDir: string, log: (m: string) => void = () => undefined): Promise<{ path: string; commit: string } | undefined> {
  const inRepo = relative(cwd, resolve(cwd, path)).split(sep).join('/');
  const attempt = async (rev: string) => {
    try {
      const text = await git(cwd, ['show', `${rev}:${inRepo}`]);
      const commit = (await git(cwd, ['rev-parse', rev])).trim();
      return { text, commit };
    } catch {
      return undefined;
    }
  };
  let got = (await attempt(`origin/${ref}`)) ?? (await attempt(`refs/remotes/origin/${ref}`));
  if (!got) {
    log(`baseline: fetching ${ref} from origin (shallow or missing ref)`);
    try {
      await git(cwd, ['fetch', '--depth=1', '--no-tags', 'origin', ref]);
      got = await attempt('FETCH_HEAD');
    } catch (err) {
      log(`baseline: git fetch origin ${ref} failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!got) return undefined;
  await mkdir(destDir, { recursive: true });
  const out = join(destDir, basename(inRepo));
  await writeFile(out, got.text);
  return { path: out, commit: got.commit };
}
