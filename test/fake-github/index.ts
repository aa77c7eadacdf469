export { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './server.js';
export { FakeState, type Artifact, type Comment, type RepoInfo, type User, type WorkflowRun } from './state.js';
export { paginate } from './paginate.js';
export { githubOpenApi } from './openapi.js';
export { routeModules } from './routes/index.js';
export type * from './types.js';
