import type { Command } from '../command.js';
import { deployStatusCommand, deployRollbackCommand } from './deploy.js';
import { gateCommand } from './gate.js';
import { schemaInferCommand } from './schema-infer.js';
import { validateCommand } from './validate.js';

/** Every `mlci` command. A new step is one new file in this folder and one line here. */
export const commands: Command<any>[] = [validateCommand, schemaInferCommand, gateCommand, deployStatusCommand, deployRollbackCommand];
