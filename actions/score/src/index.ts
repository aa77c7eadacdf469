import { runAction, runScore } from '@mlci/github';

await runAction(() => runScore());
