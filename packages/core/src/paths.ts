import { resolve } from 'node:path';

/**
 * `path.resolve`, called so that bundlers cannot evaluate it. ncc's asset relocator treats `resolve(dir, 'name.ext')`
 * as a build-time path: it copies every matching file under the repository into the bundle and rewrites the call to
 * read that copy, so an action would read a stale file instead of the user's. Use this for run-time paths in code that
 * actions bundle.
 */
export function resolvePath(...parts: string[]): string {
  return Reflect.apply(resolve, undefined, parts) as string;
}
