import type { FastifyInstance, RouteOptions } from 'fastify';

// PMS answers a path with or without a trailing slash alike (`/library/sections/` is `/library/sections`), and
// clients such as @ctrl/plex send both. Fastify's router-wide ignoreTrailingSlash would also turn the static apps'
// `/tv` → `/tv/` redirect into a loop, so instead each route of the media server scope gets a twin with the slash.

const TWIN = Symbol('trailing-slash twin');

/** Every route registered in `scope` after this call also answers with a trailing slash. */
export function answerWithTrailingSlash(scope: FastifyInstance): void {
  scope.addHook('onRoute', function addTwin(this: FastifyInstance, route: RouteOptions) {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const url = route.url;
    if ((route.config as Record<symbol, unknown> | undefined)?.[TWIN]) return;
    if (methods.every((method) => method === 'HEAD')) return; // the GET's twin gets its own HEAD
    if (url === '/' || url.endsWith('/') || url.endsWith('*')) return;
    this.route({
      ...route,
      url: `${url}/`,
      path: undefined,
      config: { ...route.config, [TWIN]: true },
    } as RouteOptions);
  });
}
