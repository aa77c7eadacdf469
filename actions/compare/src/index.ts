import { runAction, runCompare } from '@mlci/github';

await runAction(() => runCompare());
