import { runAction, runTrain } from '@mlci/github';

await runAction(() => runTrain());
