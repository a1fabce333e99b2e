import type { FastifyInstance, FastifyRequest } from 'fastify';
import { QUALITY_CAPS } from '../../protocol/playback';
import type { PlexIdentity } from '../../protocol/plex-media';
import { PlexError, sendPlexError, tokenOf } from '../plex-request';
import { COLON_PARAMS } from '../request-schemas';
import type { ServerIdentity } from '../server-identity';
import type { TranscodeSessions } from './playback/transcode-sessions';
import type { TokenVerifier } from './token-verifier';

// The routes clients start from (docs/protocol.md#server-root): `/identity`, the server root `/` with what this
// server can do, `/library`, `/clients` and `/:/prefs`. Every value says what the home server really does; a
// capability it lacks is left out rather than claimed.

const IDENTIFIER = 'com.plexapp.plugins.library';

export interface RootRoutesOptions {
  verifier: TokenVerifier;
  identity: ServerIdentity;
  transcodes: TranscodeSessions;
}

/** The conversion caps the player offers (src/protocol/playback.ts), lowest first, in PMS's three lists. */
function transcoderLists(): { bitrates: string; qualities: string; resolutions: string } {
  const caps = QUALITY_CAPS.filter((cap) => cap.maxVideoBitrate !== null).sort(
    (a, b) => (a.maxVideoBitrate ?? 0) - (b.maxVideoBitrate ?? 0),
  );
  return {
    bitrates: caps.map((cap) => cap.maxVideoBitrate).join(','),
    qualities: caps.map((_cap, index) => index).join(','),
    resolutions: caps.map((cap) => cap.height).join(','),
  };
}

export function registerRootRoutes(
  app: FastifyInstance,
  { verifier, identity, transcodes }: RootRoutesOptions,
): void {
  const transcoder = transcoderLists();

  // Reachability and identity probe: needs no token.
  app.get('/identity', { config: { publicRoute: true } }, async (_request, reply) => {
    const body: PlexIdentity = {
      MediaContainer: {
        size: 0,
        claimed: true,
        machineIdentifier: identity.machineIdentifier,
        version: identity.version,
        friendlyName: identity.friendlyName,
      },
    };
    return reply.send(body);
  });

  // Clients probe `GET /` with their token to pick a connection and read what the server can do (@ctrl/plex's
  // connect() reads ownerFeatures); a person's browser (no token) lands on /link.
  app.get('/', { config: { publicRoute: true } }, async (request, reply) => {
    const token = tokenOf(request);
    if (!token && wantsHtml(request)) return reply.redirect('/link', 302);
    if (!verifier.verify(token, request.ip)) return sendPlexError(reply, PlexError.unauthenticated);
    const directories = ['clients', 'hubs', 'library'].map((key) => ({ count: 1, key, title: key }));
    return reply.send({
      MediaContainer: {
        size: directories.length,
        friendlyName: identity.friendlyName,
        machineIdentifier: identity.machineIdentifier,
        version: identity.version,
        platform: identity.platform,
        platformVersion: identity.platformVersion,
        // Accounts are this server's own (src/server/link/), not plex.tv's: it is not signed in to plex.tv.
        myPlex: false,
        myPlexMappingState: 'unknown',
        myPlexSigninState: 'none',
        myPlexSubscription: false,
        // No Plex Pass features.
        ownerFeatures: '',
        // Each account that links a TV has its own watch state.
        multiuser: true,
        hubSearch: true,
        // Video to H.264 at the player's caps, audio to AAC, text subtitles to WebVTT, images resized.
        transcoderVideo: true,
        transcoderAudio: true,
        transcoderSubtitles: true,
        transcoderPhoto: true,
        transcoderActiveVideoSessions: transcodes.running,
        transcoderVideoBitrates: transcoder.bitrates,
        transcoderVideoQualities: transcoder.qualities,
        transcoderVideoResolutions: transcoder.resolutions,
        Directory: directories,
      },
    });
  });

  // PMS's library root: where sections, recently added and on deck live (each answered by library-routes.ts).
  app.get('/library', async (_request, reply) => {
    const directories = [
      { key: 'sections', title: 'Library Sections' },
      { key: 'recentlyAdded', title: 'Recently Added Content' },
      { key: 'onDeck', title: 'On Deck Content' },
    ];
    return reply.send({
      MediaContainer: {
        size: directories.length,
        allowSync: false,
        identifier: IDENTIFIER,
        title1: 'Plex Library',
        Directory: directories,
      },
    });
  });

  // Players this server can control: none (it has no companion protocol).
  app.get('/clients', async (_request, reply) => reply.send({ MediaContainer: { size: 0 } }));

  // The server's settings as PMS lists them; the name is the one setting clients read, and it is not changeable
  // here (it comes from the machine's host name, src/server/server-identity.ts).
  // The `:` segment as a parameter, so `/%3A/prefs` matches too; any other segment is 404 (COLON_PARAMS).
  app.route({
    method: 'GET',
    url: '/:colon/prefs',
    schema: { params: COLON_PARAMS },
    handler: async (_request, reply) => {
      const settings = [
        {
          id: 'FriendlyName',
          label: 'Friendly name',
          summary: 'The name clients show for this server',
          type: 'text',
          default: '',
          value: identity.friendlyName,
          hidden: false,
          advanced: false,
          group: 'general',
        },
      ];
      return reply.send({ MediaContainer: { size: settings.length, Setting: settings } });
    },
  });
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}
