import type { RouteModule } from '../types.js';

/** GET /repos/{owner}/{repo}: enough of a repository for default_branch lookups. */
export const reposRoutes: RouteModule = {
  name: 'repos',
  routes: [
    {
      route: 'GET /repos/{owner}/{repo}',
      handle({ params, state, baseUrl }) {
        const r = state.repo(params.owner!, params.repo!);
        return {
          status: 200,
          body: {
            id: r.id,
            name: r.repo,
            full_name: `${r.owner}/${r.repo}`,
            owner: { login: r.owner, id: 1, type: 'Organization' },
            private: false,
            default_branch: r.default_branch,
            html_url: `${baseUrl}/${r.owner}/${r.repo}`,
            url: `${baseUrl}/repos/${r.owner}/${r.repo}`,
            permissions: { admin: false, push: !state.readOnly, pull: true },
          },
        };
      },
    },
  ],
};
