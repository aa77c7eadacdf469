export { main, renderHelp } from './main.js';
export { ExitCode, type Command, type Io } from './command.js';
export { commands } from './commands/index.js';
