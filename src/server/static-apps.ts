import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBuilt } from './config';

const NOT_BUILT = 'The TV app is not built: run npm run build';
const EMULATOR_NOT_BUILT = 'The emulator is not built: run npm run build:emulator';

/** Serves the built TV app at /tv/ and the emulator at /emulator/, or says how to build them. */
export async function registerStaticApps(
  app: FastifyInstance,
  dirs: { tvAppDir: string | null; emulatorDir: string | null },
): Promise<void> {
  await serveDir(app, '/tv', dirs.tvAppDir, NOT_BUILT, true);
  await serveDir(app, '/emulator', dirs.emulatorDir, EMULATOR_NOT_BUILT, false);
}

async function serveDir(
  app: FastifyInstance,
  prefix: string,
  dir: string | null,
  notBuilt: string,
  decorateReply: boolean,
): Promise<void> {
  if (isBuilt(dir)) {
    // With the prefix given without its slash, `redirect` sends /tv to /tv/ so relative paths resolve.
    await app.register(fastifyStatic, { root: dir, prefix, redirect: true, decorateReply });
    return;
  }
  const answer = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).type('text/plain; charset=utf-8').send(notBuilt);
  app.get(prefix, answer);
  app.get(`${prefix}/*`, answer);
}
