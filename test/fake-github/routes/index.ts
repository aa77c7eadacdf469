import type { RouteModule } from '../types.js';
import { actionsRoutes } from './actions.js';
import { commentsRoutes } from './comments.js';
import { deploymentsRoutes } from './deployments.js';
import { dispatchRoutes } from './dispatch.js';
import { issuesRoutes } from './issues.js';
import { protectionRulesRoutes } from './protection-rules.js';
import { releasesRoutes } from './releases.js';
import { reposRoutes } from './repos.js';

/** Every route module the fake serves. Adding a concern = a new file in this folder + one line here. */
export const routeModules: RouteModule[] = [reposRoutes, commentsRoutes, actionsRoutes, deploymentsRoutes, releasesRoutes, protectionRulesRoutes, issuesRoutes, dispatchRoutes];
