import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { PlexPin } from '../../protocol/plex-account';
import type { Pin } from '../db/pin-store';
import { deviceDescriptionOf, PlexError, plexValue, sendPlexError, tooManyRequests } from '../plex-request';
import { ID_PARAMS, type IdParams } from '../request-schemas';
import { callerOf } from '../token-scope';
import { type LinkService, plexTime } from './link-service';
import { NoFreeCodeError } from './pins';
import { isGuess } from './wrong-code-guard';

/** Longest hold of `GET /api/v2/pins/{id}?wait=`; the client asks for at most this too. */
export const MAX_WAIT_SECONDS = 30;

/** PlexPin (src/protocol/plex-account.ts) as a response schema: Fastify then serialises it with a compiled writer. */
const PLEX_PIN_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string' },
    product: { type: 'string' },
    trusted: { type: 'boolean' },
    qr: { type: 'string' },
    clientIdentifier: { type: 'string' },
    location: { type: ['object', 'null'], additionalProperties: true },
    expiresIn: { type: 'integer' },
    createdAt: { type: 'string' },
    expiresAt: { type: 'string' },
    authToken: { type: ['string', 'null'] },
    newRegistration: { type: ['boolean', 'null'] },
  },
  required: ['id', 'code', 'clientIdentifier', 'expiresAt', 'authToken'],
} as const;
const PIN_RESPONSE = { response: { 200: PLEX_PIN_SCHEMA, 201: PLEX_PIN_SCHEMA } };

/** `?wait=` holds the poll up to this many seconds (docs/decisions/0003-long-poll-wait.md); more is cut to the cap. */
const POLL_QUERY = {
  type: 'object',
  properties: { wait: { type: 'number', minimum: 0 } },
} as const;

/** `PUT /api/v2/pins/link`: the code, as a form or JSON field. */
const LINK_BODY = {
  type: 'object',
  properties: { code: { type: 'string' } },
  required: ['code'],
} as const;

const CODE_PARAMS = {
  type: 'object',
  properties: { code: { type: 'string' } },
  required: ['code'],
} as const;

export function registerPinRoutes(app: FastifyInstance, service: LinkService): void {
  const { pins } = service;

  app.post(
    '/api/v2/pins',
    { config: { publicRoute: true }, schema: PIN_RESPONSE },
    async (request, reply) => {
      const device = deviceDescriptionOf(request);
      if (!device) return sendPlexError(reply, PlexError.clientIdentifierMissing);
      const retryAfterMs = service.pinCreateLimiter.retryAfterMs(request.ip);
      if (retryAfterMs > 0) return tooManyRequests(reply, retryAfterMs);
      service.pinCreateLimiter.record(request.ip);
      try {
        const pin = pins.create(device, request.ip);
        return reply.code(201).send(toPlexPin(pin, service));
      } catch (error) {
        if (error instanceof NoFreeCodeError) {
          reply.header('Retry-After', '5');
          return sendPlexError(reply, { ...PlexError.requestFailed, status: 503 }, error.message);
        }
        throw error;
      }
    },
  );

  app.get<{ Params: IdParams; Querystring: { wait?: number } }>(
    '/api/v2/pins/:id',
    {
      config: { publicRoute: true, routineLog: true },
      schema: { params: ID_PARAMS, querystring: POLL_QUERY, ...PIN_RESPONSE },
    },
    async (request, reply) => {
      const pin = pins.findById(Number(request.params.id));
      if (!pin) return sendPlexError(reply, PlexError.pinNotFound);
      const clientIdentifier = plexValue(request, 'X-Plex-Client-Identifier');
      if (!clientIdentifier) return sendPlexError(reply, PlexError.clientIdentifierMissing);
      // plex.tv answers 400 to a poll from another client than the creator (docs/protocol.md#polling-a-pin).
      if (clientIdentifier !== pin.device.clientIdentifier)
        return sendPlexError(reply, PlexError.pinOfAnotherClient);

      let current: Pin | null = pin;
      const waitSeconds = Math.min(request.query.wait ?? 0, MAX_WAIT_SECONDS);
      const waitMs = Math.min(waitSeconds * 1000, pin.expiresAt - Date.now());
      if (pin.state === 'pending' && waitMs > 0) {
        await waitForChange(service, reply, pin, waitMs);
        current = pins.findById(pin.id);
      }
      if (!current || current.state === 'denied' || !pins.isLive(current)) {
        return sendPlexError(reply, PlexError.pinNotFound);
      }
      if (current.state !== 'linked') return reply.send(toPlexPin(current, service));
      // A client that went away during the wait gets no token: minting one would retire the token its
      // other, live poll may just have received.
      if (request.raw.destroyed) return sendPlexError(reply, PlexError.pinNotFound);
      const token = pins.collectToken(current.id);
      // Linked, but its device was revoked before the TV collected a token: as good as denied.
      if (token === null) return sendPlexError(reply, PlexError.pinNotFound);
      return reply.send(toPlexPin(current, service, token));
    },
  );

  // What the /link website does for plex.tv (docs/protocol.md#linking-a-code): the user's token claims the
  // code.
  app.put<{ Body: { code: string } }>(
    '/api/v2/pins/link',
    { schema: { body: LINK_BODY } },
    async (request, reply) => {
      const caller = callerOf(request);
      const retryAfterMs = service.wrongCodes.retryAfterMs(caller.accountId, request.ip);
      if (retryAfterMs > 0) return tooManyRequests(reply, retryAfterMs);
      const found = pins.lookup(request.body.code);
      if (found.kind === 'live' && pins.link(found.pin, caller.accountId)) return reply.code(204).send();

      if (isGuess(found, caller.accountId)) service.wrongCodes.recordFailure(caller.accountId, request.ip);
      // A live pin that would not link was claimed meanwhile: answer for what it is now.
      const outcome = found.kind === 'live' ? pins.lookup(found.pin.code) : found;
      if (outcome.kind === 'malformed') return sendPlexError(reply, PlexError.codeMalformed);
      if (outcome.kind === 'used') return sendPlexError(reply, PlexError.codeAlreadyUsed);
      return sendPlexError(reply, PlexError.pinNotFound);
    },
  );

  app.get<{ Params: { code: string } }>(
    '/api/v2/pins/qr/:code',
    { config: { publicRoute: true }, schema: { params: CODE_PARAMS } },
    async (request, reply) => {
      // A public oracle for live codes, so misses spend the IP's wrong-code budget.
      const retryAfterMs = service.wrongCodes.retryAfterMsForIp(request.ip);
      if (retryAfterMs > 0) return tooManyRequests(reply, retryAfterMs);
      const found = pins.lookup(request.params.code);
      if (found.kind !== 'live') {
        service.wrongCodes.recordIpFailure(request.ip);
        return sendPlexError(reply, PlexError.pinNotFound);
      }
      const png = await QRCode.toBuffer(`${service.address.publicUrl}/link?code=${found.pin.code}`, {
        type: 'png',
        margin: 2,
        width: 360,
        errorCorrectionLevel: 'M',
      });
      return reply.type('image/png').header('Cache-Control', 'no-store').send(png);
    },
  );
}

/** The pin as plex.tv answers it; `authToken` is the token just minted for a linked pin's poll, else null. */
export function toPlexPin(pin: Pin, service: LinkService, authToken: string | null = null): PlexPin {
  const linked = pin.state === 'linked' && authToken !== null;
  return {
    id: pin.id,
    code: pin.code,
    product: '0',
    trusted: false,
    qr: `${service.address.publicUrl}/api/v2/pins/qr/${pin.code}`,
    clientIdentifier: pin.device.clientIdentifier,
    location: null,
    expiresIn: service.pins.settings.ttlSeconds,
    createdAt: plexTime(pin.createdAt),
    expiresAt: plexTime(pin.expiresAt),
    authToken: linked ? authToken : null,
    newRegistration: linked ? false : null,
  };
}

/** Holds the request until the pin changes, the time passes, the client goes away or the server closes. */
async function waitForChange(
  service: LinkService,
  reply: FastifyReply,
  pin: Pin,
  waitMs: number,
): Promise<void> {
  // Past the caller's cap on held polls: answer at once, as a plain poll.
  const release = service.heldPolls.hold(pin.device.clientIdentifier, reply.request.ip);
  if (!release) return;
  const gone = new AbortController();
  const onClose = () => gone.abort();
  reply.raw.once('close', onClose);
  try {
    await service.pinEvents.wait(pin.id, waitMs, gone.signal);
  } finally {
    reply.raw.off('close', onClose);
    release();
  }
}
