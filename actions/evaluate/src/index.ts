import { runAction, runEvaluate } from '@mlci/github';

// The bundle ships evaluate's parse thread next to it: dist/prepare-worker/index.js (see scripts/bundle.mjs). The path
// is joined at run time so the bundler does not treat `new URL('…', import.meta.url)` as an asset to copy.
const parseThreadModule = new URL(['.', 'prepare-worker', 'index.js'].join('/'), import.meta.url);
await runAction(() => runEvaluate({ parseThreadModule }));
