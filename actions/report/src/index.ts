import { runAction, runReport } from '@mlci/github';

await runAction(() => runReport());
