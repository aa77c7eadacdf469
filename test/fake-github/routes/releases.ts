import { paginate } from '../paginate.js';
import { sameRepo, type User } from '../state.js';
import type { RouteContext, RouteModule } from '../types.js';

/**
 * Releases and release assets. Uploads go to `upload_url`, which GitHub serves from uploads.github.com; here it is
 * a raw route under /uploads on this server (raw: the body is the file, not JSON). The fake keeps each asset's size
 * from Content-Length and, for JSON assets, the parsed content (the framework parses JSON bodies only).
 */

export interface FakeAsset {
  id: number;
  release_id: number;
  name: string;
  label: string;
  content_type: string;
  size: number;
  /** Parsed JSON content for JSON uploads. */
  json: unknown;
  created_at: string;
}

export interface FakeRelease {
  id: number;
  owner: string;
  repo: string;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: User;
  created_at: string;
  published_at: string | null;
  assets: FakeAsset[];
}

export const releasesBucket = (ctx: { state: RouteContext['state'] }) => ctx.state.bucket<FakeRelease[]>('releases', () => []);

function userJson(u: User): unknown {
  return { login: u.login, id: u.id, type: u.type, node_id: `U_${u.id}`, avatar_url: '', url: '', html_url: '' };
}

function assetJson(a: FakeAsset, r: FakeRelease, ctx: RouteContext): unknown {
  return {
    url: `${ctx.baseUrl}/repos/${r.owner}/${r.repo}/releases/assets/${a.id}`,
    browser_download_url: `${ctx.baseUrl}/${r.owner}/${r.repo}/releases/download/${encodeURIComponent(r.tag_name)}/${encodeURIComponent(a.name)}`,
    id: a.id,
    node_id: `RA_${a.id}`,
    name: a.name,
    label: a.label,
    state: 'uploaded',
    content_type: a.content_type,
    size: a.size,
    download_count: 0,
    created_at: a.created_at,
    updated_at: a.created_at,
    uploader: null,
  };
}

function releaseJson(r: FakeRelease, ctx: RouteContext): unknown {
  const api = `${ctx.baseUrl}/repos/${r.owner}/${r.repo}/releases/${r.id}`;
  return {
    url: api,
    html_url: `${ctx.baseUrl}/${r.owner}/${r.repo}/releases/tag/${encodeURIComponent(r.tag_name)}`,
    assets_url: `${api}/assets`,
    upload_url: `${ctx.baseUrl}/uploads/repos/${r.owner}/${r.repo}/releases/${r.id}/assets{?name,label}`,
    tarball_url: null,
    zipball_url: null,
    id: r.id,
    node_id: `RE_${r.id}`,
    tag_name: r.tag_name,
    target_commitish: r.target_commitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    created_at: r.created_at,
    published_at: r.published_at,
    author: userJson(r.author),
    assets: r.assets.map((a) => assetJson(a, r, ctx)),
  };
}

const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/releases' } };

function inRepo(ctx: RouteContext): FakeRelease[] {
  return releasesBucket(ctx).filter((r) => sameRepo(r, ctx.params.owner!, ctx.params.repo!));
}

function byId(ctx: RouteContext): FakeRelease | undefined {
  return inRepo(ctx).find((r) => r.id === Number(ctx.params.release_id));
}

export const releasesRoutes: RouteModule = {
  name: 'releases',
  routes: [
    {
      route: 'POST /repos/{owner}/{repo}/releases',
      handle(ctx) {
        const b = ctx.body ?? {};
        if (inRepo(ctx).some((r) => r.tag_name === b.tag_name && !r.draft)) {
          return {
            status: 422,
            body: { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }], documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release' },
          };
        }
        const at = ctx.state.now();
        const r: FakeRelease = {
          id: ctx.state.nextId(),
          owner: ctx.params.owner!,
          repo: ctx.params.repo!,
          tag_name: b.tag_name,
          target_commitish: b.target_commitish ?? 'main',
          name: b.name ?? null,
          body: b.body ?? null,
          draft: b.draft ?? false,
          prerelease: b.prerelease ?? false,
          author: ctx.state.actor,
          created_at: at,
          published_at: b.draft ? null : at,
          assets: [],
        };
        releasesBucket(ctx).push(r);
        return { status: 201, body: releaseJson(r, ctx) };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/releases',
      handle: (ctx) => paginate(ctx, inRepo(ctx).sort((a, b) => b.id - a.id).map((r) => releaseJson(r, ctx))),
    },
    {
      route: 'GET /repos/{owner}/{repo}/releases/tags/{tag}',
      handle(ctx) {
        // Drafts have no tag yet: GitHub does not find them by tag.
        const r = inRepo(ctx).find((x) => x.tag_name === ctx.params.tag && !x.draft);
        return r ? { status: 200, body: releaseJson(r, ctx) } : notFound;
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/releases/{release_id}',
      handle(ctx) {
        const r = byId(ctx);
        return r ? { status: 200, body: releaseJson(r, ctx) } : notFound;
      },
    },
    {
      route: 'PATCH /repos/{owner}/{repo}/releases/{release_id}',
      handle(ctx) {
        const r = byId(ctx);
        if (!r) return notFound;
        const b = ctx.body ?? {};
        if (b.draft === false && r.draft) {
          if (inRepo(ctx).some((x) => x.tag_name === r.tag_name && !x.draft && x.id !== r.id)) {
            return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] } };
          }
          r.draft = false;
          r.published_at = ctx.state.now();
        }
        if (typeof b.body === 'string') r.body = b.body;
        if (typeof b.name === 'string') r.name = b.name;
        if (typeof b.prerelease === 'boolean') r.prerelease = b.prerelease;
        return { status: 200, body: releaseJson(r, ctx) };
      },
    },
    {
      route: 'DELETE /repos/{owner}/{repo}/releases/{release_id}',
      handle(ctx) {
        const r = byId(ctx);
        if (!r) return notFound;
        const all = releasesBucket(ctx);
        all.splice(all.indexOf(r), 1);
        return { status: 204 };
      },
    },
    {
      route: 'GET /repos/{owner}/{repo}/releases/{release_id}/assets',
      handle(ctx) {
        const r = byId(ctx);
        return r ? paginate(ctx, r.assets.map((a) => assetJson(a, r, ctx))) : notFound;
      },
    },
    {
      // uploads.github.com: POST {upload_url}?name=…&label=… with the file as the body.
      route: 'POST /uploads/repos/{owner}/{repo}/releases/{release_id}/assets',
      raw: true,
      handle(ctx) {
        const r = byId(ctx);
        if (!r) return notFound;
        const name = ctx.query.get('name');
        const type = ctx.headers['content-type'];
        const length = Number(ctx.headers['content-length'] ?? NaN);
        if (!name) return { status: 422, body: { message: 'Validation Failed: name is required' } };
        if (!type) return { status: 422, body: { message: 'Validation Failed: Content-Type is required' } };
        if (!Number.isFinite(length)) return { status: 411, body: { message: 'Length Required' } };
        if (r.assets.some((a) => a.name === name)) {
          return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] } };
        }
        const asset: FakeAsset = { id: ctx.state.nextId(), release_id: r.id, name, label: ctx.query.get('label') ?? '', content_type: String(type), size: length, json: ctx.body, created_at: ctx.state.now() };
        r.assets.push(asset);
        return { status: 201, body: assetJson(asset, r, ctx) };
      },
    },
  ],
};
