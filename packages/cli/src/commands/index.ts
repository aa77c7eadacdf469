import type { Command } from '../command.js';
import { registryCommands } from './registry.js';
import { protectionRuleServeCommand } from './protection-rule.js';
import { deployRollbackCommand, deployStatusCommand } from './deploy.js';
import { gitlabCommands } from './gitlab.js';
import { schemaInferCommand } from './schema-infer.js';
import { validateCommand, validateMergeCommand } from './validate.js';
import { gateCommand } from './gate.js';
import { evaluateCommand } from './evaluate.js';
import { scoreCommand } from './score.js';
import { trainCommand } from './train.js';
import { profileCommand, profileMergeCommand } from './profile.js';
import { driftCommand } from './drift.js';
import { compareCommand } from './compare.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { initCommand } from './init.js';
import { monitorCommand } from './monitor.js';

/**
 * Every `mlci` command, in the order `mlci --help` lists them: the whole pipeline first, then each step in pipeline
 * order, then the CI-vendor helpers. A new step is one new file in this folder and one line here.
 */
export const commands: Command<any>[] = [
  initCommand,
  runCommand,
  schemaInferCommand,
  validateCommand,
  validateMergeCommand,
  profileCommand,
  profileMergeCommand,
  driftCommand,
  trainCommand,
  evaluateCommand,
  scoreCommand,
  compareCommand,
  reportCommand,
  gateCommand,
  deployStatusCommand,
  deployRollbackCommand,
  ...registryCommands,
  monitorCommand,
  protectionRuleServeCommand,
  ...gitlabCommands,
];
