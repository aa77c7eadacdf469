import { runAction, runPipelineAction } from '@mlci/github';

await runAction(() => runPipelineAction());
