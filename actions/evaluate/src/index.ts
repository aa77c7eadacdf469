import { runAction, runEvaluate } from '@mlci/github';

await runAction(() => runEvaluate());
