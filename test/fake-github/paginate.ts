import type { RouteContext, RouteResponse } from './types.js';

/**
 * One page of `items` like GitHub: `per_page` (default 30, max 100) and `page` (from 1), with a Link header carrying
 * first/prev/next/last URLs that keep the other query parameters. `wrap` builds list bodies such as
 * `{ total_count, workflow_runs }` for endpoints that do not return a bare array.
 */
export function paginate<T>(ctx: RouteContext, items: T[], wrap?: (page: T[], total: number) => unknown): RouteResponse {
  const perPage = Math.min(Math.max(Number(ctx.query.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(ctx.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const u = new URL(ctx.url.href);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'));
  if (page < last) links.push(link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  const headers: Record<string, string> = {};
  if (links.length) headers.link = links.join(', ');
  return { status: 200, headers, body: wrap ? wrap(slice, items.length) : slice };
}
