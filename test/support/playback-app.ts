import Fastify from 'fastify';
import { ignoreRequestBodies } from '../../src/server/media/ignored-bodies';
import {
  type PlaybackDeps,
  type PlaybackMedia,
  type PlaybackPart,
  registerPlaybackRoutes,
} from '../../src/server/media/playback/playback-routes';
import type { TranscodeSessions } from '../../src/server/media/playback/transcode-sessions';
import { answerSchemaErrorsAsPlex } from '../../src/server/request-schemas';
import { decorateCaller, requireToken } from '../../src/server/token-scope';

// The playback routes on a bare Fastify app over real HTTP, with an in-memory library: parts and media by id,
// and two accounts' tokens. The home server wiring is the lead's; these tests need only the routes.

export const TOKEN = 'token-of-account-1';
export const OTHER_TOKEN = 'token-of-account-2';

export interface PlaybackApp {
  url: string;
  parts: Map<number, PlaybackPart>;
  media: Map<number, PlaybackMedia>;
  logs: string[];
  close(): Promise<void>;
}

export async function startPlaybackApp(sessions: TranscodeSessions): Promise<PlaybackApp> {
  const app = Fastify();
  const parts = new Map<number, PlaybackPart>();
  const media = new Map<number, PlaybackMedia>();
  const logs: string[] = [];
  // The stream choices as the database keeps them, in memory: account:part → choice.
  const choices = new Map<string, { audioStreamId: number | null; subtitleStreamId: number | null }>();
  const deps: PlaybackDeps = {
    findPart: (id) => parts.get(id) ?? null,
    findMedia: (ratingKey) => media.get(ratingKey) ?? null,
    sessions,
    choices: {
      get: (accountId, partId) => choices.get(`${accountId}:${partId}`) ?? null,
      set: (accountId, partId, choice) => {
        const before = choices.get(`${accountId}:${partId}`) ?? {
          audioStreamId: null,
          subtitleStreamId: null,
        };
        choices.set(`${accountId}:${partId}`, { ...before, ...choice });
      },
    },
    log: (line) => logs.push(line),
  };
  decorateCaller(app);
  await app.register(async (scope) => {
    // As the media server's scope (src/server/media/media-server.ts): Plex's 400 for a request its route's
    // schema refuses, bodies dropped.
    answerSchemaErrorsAsPlex(scope);
    ignoreRequestBodies(scope);
    requireToken(scope, (token) =>
      token === TOKEN
        ? { accountId: 1, deviceId: 1 }
        : token === OTHER_TOKEN
          ? { accountId: 2, deviceId: 2 }
          : null,
    );
    registerPlaybackRoutes(scope, deps);
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    parts,
    media,
    logs,
    async close() {
      await app.close();
      await sessions.shutdown();
    },
  };
}
