import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { compareSemver, renderModelCard, tagFor, UsageError, versionFromTag, type ModelMetadata } from '@mlci/core';
import { createGitHubClient, serviceError, type GitHubClient, type GitHubTarget } from '../deployments/octokit.js';

/** GitHub's limit on a release body. */
const BODY_MAX = 125_000;
const MARKER = /<!-- mlci-model:([A-Za-z0-9+/=]+) -->/;

/** What list reads without downloading assets: kept in the release body as base64 JSON in an HTML comment. */
export interface ReleaseSummary {
  schema: 'mlci.model/v1';
  name: string;
  version: string;
  modelSha256: string;
  commit: string | null;
  run: { id: string; url?: string | undefined } | null;
  metrics: Record<string, number>;
  gates: Array<{ environment: string; decision: string }>;
}

export interface ModelVersion {
  version: string;
  tag: string;
  releaseId: number;
  url: string;
  publishedAt: string | null;
  author: string | null;
  prerelease: boolean;
  summary: ReleaseSummary | null;
}

export interface PublishRequest {
  metadata: ModelMetadata;
  /** Local path of the model file (uploaded as the asset named like metadata.model.path). */
  modelPath: string;
  /** Commit the release tag points at. */
  commit: string;
  prerelease?: boolean | undefined;
  /** Where the version came from, for error lines: `--version` (CLI) or `with.version` (action). */
  versionWhere?: string | undefined;
}

export interface Published {
  tag: string;
  releaseId: number;
  url: string;
  assets: Array<{ name: string; size: number }>;
}

export function summaryOf(m: ModelMetadata): ReleaseSummary {
  return {
    schema: 'mlci.model/v1',
    name: m.name,
    version: m.version,
    modelSha256: m.model.sha256,
    commit: m.lineage.commit,
    run: m.lineage.run,
    metrics: Object.fromEntries(m.metrics.map((x) => [x.name, x.value])),
    gates: m.gates.map((g) => ({ environment: g.environment, decision: g.decision })),
  };
}

/** The release body: the model card, then the machine-readable summary (base64, so no text can close the comment). */
export function releaseBody(m: ModelMetadata): string {
  const marker = `\n\n<!-- mlci-model:${Buffer.from(JSON.stringify(summaryOf(m))).toString('base64')} -->\n`;
  let card = renderModelCard(m);
  if (card.length + marker.length > BODY_MAX) card = `${card.slice(0, BODY_MAX - marker.length - 80)}\n\n… truncated: the full card is the MODEL_CARD.md asset.`;
  return card + marker;
}

export function parseReleaseSummary(body: string | null | undefined): ReleaseSummary | null {
  const m = MARKER.exec(body ?? '');
  if (!m) return null;
  try {
    const s = JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as ReleaseSummary;
    return s.schema === 'mlci.model/v1' ? s : null;
  } catch {
    return null;
  }
}

interface RawRelease {
  id: number;
  tag_name: string;
  html_url: string;
  upload_url: string;
  published_at: string | null;
  draft: boolean;
  prerelease: boolean;
  body?: string | null;
  author: { login: string } | null;
  target_commitish: string;
}

/** Model versions as GitHub releases: publish (refusing duplicates), list, look up. */
export class ModelRegistry {
  readonly octokit: GitHubClient;
  constructor(
    readonly target: GitHubTarget,
    readonly tagPattern: string,
    octokit?: GitHubClient,
  ) {
    this.octokit = octokit ?? createGitHubClient(target);
  }

  private get repo() {
    return { owner: this.target.owner, repo: this.target.repo };
  }

  private toVersion(r: RawRelease): ModelVersion | null {
    const version = versionFromTag(this.tagPattern, r.tag_name);
    if (!version || r.draft) return null;
    return { version, tag: r.tag_name, releaseId: r.id, url: r.html_url, publishedAt: r.published_at, author: r.author?.login ?? null, prerelease: r.prerelease, summary: parseReleaseSummary(r.body) };
  }

  async get(version: string): Promise<ModelVersion | null> {
    const tag = tagFor(this.tagPattern, version);
    const route = 'GET /repos/{owner}/{repo}/releases/tags/{tag}';
    try {
      const { data } = await this.octokit.request(route, { ...this.repo, tag });
      return this.toVersion(data as RawRelease);
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw serviceError(`cannot look up release ${tag}`, route, err);
    }
  }

  /** Every model version, newest version first. */
  async list(): Promise<ModelVersion[]> {
    const route = 'GET /repos/{owner}/{repo}/releases';
    let raw: RawRelease[];
    try {
      raw = (await this.octokit.paginate(route, { ...this.repo, per_page: 100 })) as RawRelease[];
    } catch (err) {
      throw serviceError('cannot list releases', route, err);
    }
    return raw
      .map((r) => this.toVersion(r))
      .filter((v): v is ModelVersion => v !== null)
      .sort((a, b) => compareSemver(b.version, a.version));
  }

  /**
   * Publishes a version: a draft release, the assets (model, model.json, MODEL_CARD.md), then the release goes public.
   * A version that exists is refused before anything is written; a failed upload deletes the draft.
   */
  async publish(req: PublishRequest): Promise<Published> {
    const m = req.metadata;
    const where = req.versionWhere ?? '--version';
    if (await this.get(m.version)) {
      throw new UsageError(`model version ${m.version} is already published as ${m.tag}`, {
        where,
        fix: 'Versions are immutable: bump the version (e.g. the patch number) and publish again',
        code: 'version-exists',
      });
    }
    const create = 'POST /repos/{owner}/{repo}/releases';
    let release: RawRelease;
    try {
      release = (
        await this.octokit.request(create, {
          ...this.repo,
          tag_name: m.tag,
          target_commitish: req.commit,
          name: `${m.name} ${m.version}`,
          body: releaseBody(m),
          draft: true,
          prerelease: req.prerelease ?? /-/.test(m.version),
        })
      ).data as RawRelease;
    } catch (err) {
      if ((err as { status?: number }).status === 422 && /already_exists/.test(JSON.stringify((err as { response?: { data?: unknown } }).response?.data ?? ''))) {
        throw new UsageError(`model version ${m.version} is already published as ${m.tag}`, { where, fix: 'Bump the version and publish again', code: 'version-exists' });
      }
      throw serviceError(`cannot create release ${m.tag}`, create, err);
    }
    const assets: Published['assets'] = [];
    try {
      assets.push(await this.upload(release, m.model.path, { path: req.modelPath }, 'application/octet-stream'));
      assets.push(await this.upload(release, 'model.json', { data: Buffer.from(JSON.stringify(m, null, 2) + '\n') }, 'application/json'));
      assets.push(await this.upload(release, 'MODEL_CARD.md', { data: Buffer.from(renderModelCard(m)) }, 'text/markdown; charset=utf-8'));
      const patch = 'PATCH /repos/{owner}/{repo}/releases/{release_id}';
      try {
        const { data } = await this.octokit.request(patch, { ...this.repo, release_id: release.id, draft: false });
        release = data as RawRelease;
      } catch (err) {
        if ((err as { status?: number }).status === 422) {
          throw new UsageError(`model version ${m.version} was published by someone else meanwhile`, { where, fix: 'Bump the version and publish again', code: 'version-exists' });
        }
        throw serviceError(`cannot publish release ${m.tag}`, patch, err);
      }
    } catch (err) {
      // Leave no half-published version behind: the draft goes, the version stays free.
      await this.octokit.request('DELETE /repos/{owner}/{repo}/releases/{release_id}', { ...this.repo, release_id: release.id }).catch(() => undefined);
      throw err;
    }
    return { tag: m.tag, releaseId: release.id, url: release.html_url, assets };
  }

  /** Streams one asset to upload_url (uploads.github.com); the model is never held in memory whole. */
  private async upload(release: RawRelease, name: string, source: { path: string } | { data: Buffer }, contentType: string): Promise<{ name: string; size: number }> {
    const url = new URL(release.upload_url.replace(/\{\?[^}]*\}$/, ''));
    url.searchParams.set('name', basename(name));
    const size = 'path' in source ? (await stat(source.path)).size : source.data.length;
    const body = 'path' in source ? (Readable.toWeb(createReadStream(source.path)) as ReadableStream) : source.data;
    const route = 'POST {upload_url}';
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `token ${this.target.token}`,
          accept: 'application/vnd.github+json',
          'content-type': contentType,
          'content-length': String(size),
          'user-agent': 'mlci',
          'x-github-api-version': '2022-11-28',
        },
        body,
        duplex: 'half',
      } as RequestInit);
    } catch (err) {
      throw serviceError(`cannot upload ${name}`, route, { message: (err as Error).message });
    }
    if (res.status !== 201) {
      const text = await res.text().catch(() => '');
      let message = text.slice(0, 200);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {}
      throw serviceError(`cannot upload ${name}`, route, { status: res.status, response: { data: { message } } });
    }
    return { name: basename(name), size };
  }
}
