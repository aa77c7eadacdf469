import { runAction, runPipelineAction } from '@mlci/github';

// The bundle ships its worker entries next to it (see scripts/bundle.mjs): dist/validate-worker/index.js and
// dist/prepare-worker/index.js. Paths are joined at run time so the bundler does not copy them as assets.
const beside = (name: string) => new URL(['.', name, 'index.js'].join('/'), import.meta.url);
await runAction(() => runPipelineAction(undefined, undefined, { workerUrl: beside('validate-worker'), parseThreadModule: beside('prepare-worker') }));
