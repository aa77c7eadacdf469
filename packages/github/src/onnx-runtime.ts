/**
 * The ONNX runtime on the runner. onnxruntime-node ships native binaries (~45 MB per platform), too big to bundle
 * into an action's dist/, so the first step that needs it installs the pinned version with npm into the runner's tool
 * cache (<RUNNER_TOOL_CACHE>/mlci-onnxruntime/<version>/<platform>-<arch>), writes a marker once the install is
 * complete, and later steps and jobs on the same runner reuse it. Install scripts are not run: the CPU binaries ship
 * inside the npm package, and onnxruntime-node's postinstall only fetches optional CUDA libraries (also skipped
 * through ONNXRUNTIME_NODE_INSTALL=skip). The npm call is injectable for tests.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { UsageError, type OnnxRuntime } from '@mlci/core';

/** The onnxruntime-node version the actions install (the CLI depends on the same). */
export const ONNXRUNTIME_VERSION = '1.30.0';
const MARKER = '.mlci-install-complete';

export type NpmInstall = (args: { prefix: string; spec: string; env: NodeJS.ProcessEnv }) => Promise<void>;

/** `npm install --prefix <dir> <spec>`, skipping onnxruntime's optional CUDA download. */
export const npmInstall: NpmInstall = ({ prefix, spec, env }) =>
  new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', '--ignore-scripts', spec], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let output = '';
    child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new UsageError(`cannot run npm to install onnxruntime-node: ${err.code ?? err.message}`, { fix: 'Set up Node.js with npm before this step (actions/setup-node)', code: 'runtime-install-failed' })),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const last = output.trim().split('\n').filter((l) => l.trim()).slice(-3).join(' / ');
        reject(new UsageError(`npm install ${spec} failed with exit code ${code}: ${last}`, { fix: 'Check the runner can reach the npm registry (or set onnxruntime-path to an installed onnxruntime-node)', code: 'runtime-install-failed' }));
      }
    });
  });

export interface EnsureOnnxRuntimeOptions {
  /** Tool cache root; default RUNNER_TOOL_CACHE, then RUNNER_TEMP, then the OS temp folder. */
  toolCache?: string | undefined;
  version?: string | undefined;
  /** What npm installs; default `onnxruntime-node@<version>`. */
  spec?: string | undefined;
  npm?: NpmInstall | undefined;
  log?: ((message: string) => void) | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

export interface OnnxRuntimeSetup {
  runtime: OnnxRuntime;
  dir: string;
  /** True when an earlier complete install was reused. */
  reused: boolean;
  setupMs: number;
}

/** Loads onnxruntime-node from a folder that holds node_modules/onnxruntime-node (or is the package itself). */
export async function importOnnxRuntime(dir: string): Promise<OnnxRuntime> {
  const pkg = existsSync(join(dir, 'node_modules', 'onnxruntime-node', 'package.json')) ? join(dir, 'node_modules', 'onnxruntime-node') : dir;
  const entry = join(pkg, 'dist', 'index.js');
  if (!existsSync(entry)) {
    throw new UsageError(`no onnxruntime-node in ${dir}`, { fix: 'Point it at a folder with node_modules/onnxruntime-node, or leave it empty to install one', code: 'runtime-missing' });
  }
  // onnxruntime-node is CommonJS: require it by absolute path at run time (a require made here is opaque to the bundler).
  const mod = createRequire(pathToFileURL(entry))(entry) as Record<string, unknown>;
  const runtime = (mod.InferenceSession ? mod : mod.default) as unknown as OnnxRuntime;
  if (!runtime?.InferenceSession || !runtime.Tensor) throw new UsageError(`${entry} is not onnxruntime-node`, { code: 'runtime-missing' });
  return runtime;
}

export function onnxRuntimeDir(toolCache: string, version: string): string {
  return join(toolCache, 'mlci-onnxruntime', version, `${process.platform}-${process.arch}`);
}

/** Installs (first use) or reuses (marker present) onnxruntime-node in the tool cache, then loads it. */
export async function ensureOnnxRuntime(options: EnsureOnnxRuntimeOptions = {}): Promise<OnnxRuntimeSetup> {
  const env = options.env ?? process.env;
  const version = options.version ?? ONNXRUNTIME_VERSION;
  const toolCache = options.toolCache || env.RUNNER_TOOL_CACHE || env.RUNNER_TEMP || tmpdir();
  const dir = onnxRuntimeDir(toolCache, version);
  const log = options.log ?? (() => undefined);
  const t0 = performance.now();
  const reused = existsSync(join(dir, MARKER));
  if (!reused) {
    // A folder without the marker is a partial install (a cancelled job): start again.
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const spec = options.spec ?? `onnxruntime-node@${version}`;
    log(`Installing ${spec} into ${dir} (first use on this runner)`);
    await (options.npm ?? npmInstall)({
      prefix: dir,
      spec,
      env: { ...env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_onnxruntime_node_install: 'skip' },
    });
  }
  const runtime = await importOnnxRuntime(dir);
  if (!reused) await writeFile(join(dir, MARKER), `${new Date().toISOString()}\n`);
  const setupMs = performance.now() - t0;
  log(`${reused ? 'Reused' : 'Installed'} onnxruntime-node ${version} from ${dir} in ${(setupMs / 1000).toFixed(2)} s`);
  return { runtime, dir, reused, setupMs };
}
