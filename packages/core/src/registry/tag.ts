import { UsageError } from '../errors.js';

/** Default tag of a model version: `model-v1.4.0`. */
export const DEFAULT_TAG_PATTERN = 'model-v{version}';

/** Semantic Versioning 2.0.0 (semver.org's regular expression). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

export function checkTagPattern(pattern: string, where = '--tag-pattern'): void {
  if ((pattern.match(/\{version\}/g) ?? []).length !== 1) {
    throw new UsageError(`tag pattern '${pattern}' must contain {version} exactly once`, { where, fix: `Use e.g. ${DEFAULT_TAG_PATTERN} or churn-model/v{version}` });
  }
  if (/[\s~^:?*[\\]|\.\.|@\{/.test(pattern.replace('{version}', ''))) {
    throw new UsageError(`tag pattern '${pattern}' makes invalid git tag names`, { where, fix: 'Use letters, digits, "-", "_", "/" and "."' });
  }
}

export function tagFor(pattern: string, version: string, where = '--version'): string {
  checkTagPattern(pattern);
  if (!isSemver(version)) throw new UsageError(`model version '${version}' is not a semantic version`, { where, fix: 'Use MAJOR.MINOR.PATCH, e.g. 1.4.0 or 2.0.0-rc.1' });
  return pattern.replace('{version}', version);
}

/** The version a tag names under `pattern`, or null for tags that are not model versions. */
export function versionFromTag(pattern: string, tag: string): string | null {
  const [prefix, suffix] = pattern.split('{version}') as [string, string];
  if (!tag.startsWith(prefix) || !tag.endsWith(suffix) || tag.length <= prefix.length + suffix.length) return null;
  const version = tag.slice(prefix.length, tag.length - suffix.length);
  return isSemver(version) ? version : null;
}

/** Orders semantic versions (precedence per semver.org §11), newest last. */
export function compareSemver(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return a.localeCompare(b);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  const ra = pa[4];
  const rb = pb[4];
  if (ra === undefined || rb === undefined) return ra === rb ? 0 : ra === undefined ? 1 : -1;
  const xa = ra.split('.');
  const xb = rb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return -1;
    if (xb[i] === undefined) return 1;
    const na = /^\d+$/.test(xa[i]!);
    const nb = /^\d+$/.test(xb[i]!);
    if (na && nb && Number(xa[i]) !== Number(xb[i])) return Number(xa[i]) - Number(xb[i]);
    if (na !== nb) return na ? -1 : 1;
    if (xa[i] !== xb[i]) return xa[i]! < xb[i]! ? -1 : 1;
  }
  return 0;
}
