import { runAction, runPipelineAction } from '@mlci/github';

// The bundle ships the validation worker next to it: dist/validate-worker/index.js (see scripts/bundle.mjs). The path
// is joined at run time so the bundler does not treat `new URL('…', import.meta.url)` as an asset to copy.
const workerUrl = new URL(['.', 'validate-worker', 'index.js'].join('/'), import.meta.url);
await runAction(() => runPipelineAction(undefined, undefined, { workerUrl }));
