import { runAction, runPublishModelAction } from '@mlci/github';

await runAction(runPublishModelAction);
