import { runAction, runValidateData } from '@mlci/github';

await runAction(() => runValidateData());
