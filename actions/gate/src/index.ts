import { runAction, runGateAction } from '@mlci/github';

await runAction(runGateAction);
