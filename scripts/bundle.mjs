#!/usr/bin/env node
// Bundles each action's compiled entry (actions/<name>/src → actions/lib/<name>/src) into actions/<name>/dist with ncc.
// `--check` rebuilds into a temp folder and fails when any committed dist/ differs, listing the files and the fix.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');

const actions = readdirSync(join(root, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')) && existsSync(join(root, 'actions', d.name, 'src/index.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name));

function listFiles(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name), base) : [relative(base, join(dir, d.name))],
  );
}

/** ncc-bundles one entry into `out`; fails when ncc emitted anything but the bundle and its chunks. */
function bundleEntry(name, entry, out) {
  mkdirSync(out, { recursive: true });
  // --no-source-map-register and no minify: bundles stay reviewable in diffs; license file lists bundled packages.
  // ncc's asset relocator treats `resolve(dir, 'name.ext')` as a build-time path and copies every match it can glob into
  // dist/, rewriting the call to read that copy. It never emits assets outside its working directory, so run it from an
  // empty one: run-time paths then stay run-time paths. That folder sits at a fixed place in the repo (git-ignored
  // actions/lib) because module paths in the bundle are relative to it: the same in every clone, wherever it lives.
  const emptyBase = join(root, 'actions/lib/.ncc-base');
  rmSync(emptyBase, { recursive: true, force: true });
  mkdirSync(emptyBase, { recursive: true });
  const r = spawnSync(process.execPath, [ncc, 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet', '--target', 'es2022'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: emptyBase,
  });
  rmSync(emptyBase, { recursive: true, force: true });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Nothing but the bundle (and its chunks) may ship: an emitted asset means a run-time path was resolved at build time.
  // Numbered chunks (`455.index.js`) are code split off at a dynamic import(): part of the bundle, loaded at run time.
  const extra = readdirSync(out, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).filter((f) => !['index.js', 'package.json', 'licenses.txt'].includes(f) && !/^\d+\.index\.js$/.test(f));
  if (extra.length) {
    const code = readFileSync(join(out, 'index.js'), 'utf8');
    const sites = [...code.matchAll(/^.*__nccwpck_require__\.ab \+.*$/gm)].map((m) => m[0].trim()).slice(0, 5);
    console.error(`bundle: actions/${name}: ncc emitted ${extra.length} asset file(s) (e.g. ${extra.slice(0, 3).join(', ')}) for path expressions it resolved at build time:\n  ${sites.join('\n  ')}\nBundle from an empty working directory (this script does) or build the path at run time.`);
    process.exit(1);
  }
}

/**
 * The packages an ncc licenses.txt lists (entries: name, license id, text, a blank line), sorted. When two versions of a
 * package are bundled, ncc's license plugin keeps the text of whichever it meets first, which varies from build to
 * build: the check compares which packages are listed, not their texts.
 */
function licensedPackages(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const names = new Set();
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && lines[i - 1] !== '') continue;
    const name = lines[i];
    if (/^(@[\w.-]+\/)?[\w.-]+$/.test(name) && existsSync(join(root, 'node_modules', name, 'package.json'))) names.add(name);
  }
  return [...names].sort().join('\n');
}

const stale = [];
for (const name of actions) {
  const entry = join(root, 'actions/lib', name, 'src/index.js');
  if (!existsSync(entry)) {
    console.error(`bundle: ${entry} is missing: run 'npm run build' first.`);
    process.exit(2);
  }
  const out = check ? mkdtempSync(join(tmpdir(), `mlci-dist-${name}-`)) : join(root, 'actions', name, 'dist');
  if (!check) rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Worker-thread entries (src/*-worker.ts) ship beside the bundle, each as <stem>/index.js, found at run time by
  // new URL('./<stem>/index.js', import.meta.url).
  const workers = readdirSync(join(root, 'actions/lib', name, 'src')).filter((f) => f.endsWith('-worker.js'));
  for (const [file, dir] of [['index.js', out], ...workers.map((w) => [w, join(out, w.slice(0, -3))])]) bundleEntry(name, join(root, 'actions/lib', name, 'src', file), dir);
  if (check) {
    const committed = join(root, 'actions', name, 'dist');
    const files = new Set([...listFiles(out), ...listFiles(committed)]);
    for (const f of files) {
      const a = join(out, f);
      const b = join(committed, f);
      if (!existsSync(a) || !existsSync(b)) stale.push(`actions/${name}/dist/${f}`);
      else if (f.endsWith('licenses.txt') ? licensedPackages(a) !== licensedPackages(b) : !readFileSync(a).equals(readFileSync(b))) stale.push(`actions/${name}/dist/${f}`);
    }
    if (process.env.MLCI_DIST_OUT) cpSync(out, join(process.env.MLCI_DIST_OUT, name), { recursive: true });
    rmSync(out, { recursive: true, force: true });
  } else {
    console.log(`bundled actions/${name}/dist`);
  }
}
if (check) {
  if (stale.length) {
    console.error(`check-dist: ${stale.length} bundled file(s) differ from a fresh build: ${stale.join(', ')}. Run 'npm run bundle' and commit actions/*/dist.`);
    process.exit(1);
  }
  console.log(`check-dist: ${actions.length} action bundle(s) match a fresh build.`);
}
