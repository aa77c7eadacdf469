import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { UsageError } from '@mlci/core';
import { projectSegment, type GitLabClient } from './http.js';

/** GitLab's rules for generic package names, versions and file names. */
const NAME = /^[A-Za-z0-9._-]+$/;
const VERSION = /^(\.?[\w+-]+\.?)+$/;
const FILE = /^[A-Za-z0-9._~+-]+$/;

export interface GenericPackage {
  name: string;
  version: string;
  /** Local files; each is stored under its base name. */
  files: string[];
}

export interface PublishedPackage {
  files: Array<{ name: string; bytes: number; url: string }>;
  /** The package's page, when the project URL is known. */
  url: string | undefined;
}

/**
 * Uploads files to the project's Generic Package Registry (`PUT /projects/:id/packages/generic/:name/:version/:file`),
 * GitLab's own place for build outputs: a model, its model card and metadata. CI_JOB_TOKEN may upload.
 */
export async function publishGenericPackage(
  client: GitLabClient,
  projectId: string,
  pkg: GenericPackage,
  projectUrl?: string,
): Promise<PublishedPackage> {
  if (!NAME.test(pkg.name)) {
    throw new UsageError(`package name '${pkg.name}' has characters GitLab does not allow`, { where: '--name', fix: 'Use letters, digits, ".", "_" and "-"' });
  }
  if (!VERSION.test(pkg.version)) {
    throw new UsageError(`package version '${pkg.version}' has characters GitLab does not allow`, { where: '--version', fix: 'Use letters, digits, ".", "_", "+" and "-", e.g. 1.4.0' });
  }
  const names = new Set<string>();
  const files: PublishedPackage['files'] = [];
  for (const file of pkg.files) {
    const name = basename(file);
    if (!FILE.test(name)) throw new UsageError(`file name '${name}' has characters GitLab does not allow in a package`, { where: '--file', fix: 'Rename it (letters, digits, ".", "_", "-", "~", "+")' });
    if (names.has(name)) throw new UsageError(`two files are named '${name}'`, { where: '--file', fix: 'A package stores files by name: rename one of them' });
    names.add(name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`${file} does not exist or is not a file`, { where: '--file', fix: 'Check the path (e.g. the model from the train job\'s artifacts)' });
    const path = `/projects/${projectSegment(projectId)}/packages/generic/${encodeURIComponent(pkg.name)}/${encodeURIComponent(pkg.version)}/${encodeURIComponent(name)}`;
    await client.request('PUT', path, { upload: () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array> });
    files.push({ name, bytes: info.size, url: client.url(path) });
  }
  return { files, url: projectUrl ? `${projectUrl}/-/packages` : undefined };
}
