import { runAction, runMonitorAction } from '@mlci/github';

await runAction(runMonitorAction);
