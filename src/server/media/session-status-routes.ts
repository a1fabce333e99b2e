import type { FastifyInstance } from 'fastify';
import type { LibraryStore } from '../db/library-store';
import type { UserRatingStore } from '../db/user-rating-store';
import type { WatchStateStore } from '../db/watch-state-store';
import { callerOf } from '../token-scope';
import { toMetadata } from './metadata';
import type { NowPlaying, PlayingSession } from './now-playing';
import type { TranscodeSessions } from './playback/transcode-sessions';

// `GET /status/sessions` (docs/protocol.md#now-playing): what is playing now, as PMS lists it for a dashboard
// (Tautulli, Home Assistant): each session's item with User, Player, Session and, while the server converts it,
// TranscodeSession. From the players' timelines and the running conversions (now-playing.ts). The server's
// owner sees every account's sessions, as PMS shows its owner; anyone else sees their own.

export interface SessionStatusDeps {
  store: LibraryStore;
  watchState: WatchStateStore;
  nowPlaying: NowPlaying;
  transcodes: TranscodeSessions;
  ratings: UserRatingStore;
  /** The account's name (User.title); null when unknown. */
  accountName: (accountId: number) => string | null;
  ownerAccountId: number | null;
  /** The media folder when the account owns the server (its items carry Part.file), else null. */
  ownerMediaRootFor: (accountId: number) => string | null;
}

export function registerSessionStatusRoutes(app: FastifyInstance, deps: SessionStatusDeps): void {
  app.get('/status/sessions', async (request, reply) => {
    const { accountId } = callerOf(request);
    const sessions = deps.nowPlaying
      .sessions((id) => deps.transcodes.has(id))
      .filter((session) => accountId === deps.ownerAccountId || session.accountId === accountId);
    const metadata = sessions.flatMap((session, index) => {
      const row = deps.store.item(session.ratingKey);
      if (!row) return [];
      // Watch state and rating as the session's own account sees them; Part.file when the caller owns the server.
      const context = {
        store: deps.store,
        watch: deps.watchState,
        accountId: session.accountId,
        ratings: deps.ratings,
        ownerMediaRoot: deps.ownerMediaRootFor(accountId),
      };
      const [item] = toMetadata(context, [row]);
      return [
        {
          ...item,
          sessionKey: String(index + 1),
          viewOffset: session.timeMs,
          User: {
            id: String(session.accountId),
            title: deps.accountName(session.accountId) ?? '',
          },
          Player: playerElement(session),
          Session: { id: session.id, location: 'lan' },
          ...(session.conversion ? { TranscodeSession: transcodeElement(deps.transcodes, session) } : {}),
        },
      ];
    });
    return reply.send({ MediaContainer: { size: metadata.length, Metadata: metadata } });
  });
}

function playerElement(session: PlayingSession) {
  const { player } = session;
  return {
    address: player.address,
    device: player.device,
    machineIdentifier: player.machineIdentifier,
    model: player.model,
    platform: player.platform,
    platformVersion: player.platformVersion,
    product: player.product,
    state: session.state,
    title: player.title,
    version: player.version,
    local: true,
    relayed: false,
    secure: false,
    userID: session.accountId,
  };
}

/** PMS's TranscodeSession: what the conversion does and how far it is (from its finished segments). */
function transcodeElement(transcodes: TranscodeSessions, session: PlayingSession) {
  const conversion = session.conversion;
  if (!conversion) return undefined;
  const info = transcodes.info(conversion.sessionId);
  const made = info?.ready.length ?? 0;
  const total = info?.segments ?? 0;
  return {
    key: `/transcode/sessions/${conversion.sessionId}`,
    throttled: info?.paused ?? false,
    complete: total > 0 && made >= total,
    progress: total > 0 ? Math.round((made / total) * 1000) / 10 : 0,
    duration: conversion.durationMs,
    context: 'streaming',
    sourceVideoCodec: conversion.sourceVideoCodec,
    ...(conversion.sourceAudioCodec ? { sourceAudioCodec: conversion.sourceAudioCodec } : {}),
    videoDecision: conversion.videoDecision,
    ...(conversion.audioDecision ? { audioDecision: conversion.audioDecision } : {}),
    protocol: 'hls',
    container: 'mpegts',
    videoCodec: conversion.videoCodec,
    ...(conversion.audioCodec ? { audioCodec: conversion.audioCodec } : {}),
    ...(conversion.width ? { width: conversion.width, height: conversion.height } : {}),
    transcodeHwRequested: false,
  };
}
