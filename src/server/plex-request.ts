import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlexErrorBody } from '../protocol/plex-account';
import type { DeviceDescription } from './db/device-store';
import { retryAfterSeconds } from './rate-limiter';

// Reading X-Plex-* values and answering in Plex's error shape; shared by the link service and media server.

/** Longest X-Plex value kept; longer ones are cut (they end up on pages and in the database). */
const MAX_VALUE_LENGTH = 200;

/**
 * An X-Plex value from the header or, as Plex allows, from the query string ("all X-Plex- headers can
 * also be sent as query string arguments", docs/protocol.md#identification-headers). '' when absent.
 */
export function plexValue(request: FastifyRequest, name: string): string {
  const header = request.headers[name.toLowerCase()];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader) return cleanText(utf8FromHeader(fromHeader)).slice(0, MAX_VALUE_LENGTH);
  const query = (request.query ?? {}) as Record<string, unknown>;
  const lower = name.toLowerCase();
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (key.toLowerCase() === lower && typeof value === 'string') {
      return cleanText(value).slice(0, MAX_VALUE_LENGTH);
    }
  }
  return '';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Node reads header bytes as Latin-1, so a device name sent as raw UTF-8 ("Küche") arrives as mojibake. Bytes
 * that form valid UTF-8 are read as UTF-8; anything else stays as Latin-1 (what an old client meant).
 */
function utf8FromHeader(value: string): string {
  let highBytes = false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0xff) return value; // not bytes read as Latin-1
    if (code >= 0x80) highBytes = true;
  }
  if (!highBytes) return value;
  try {
    return utf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** Control characters (NUL, escapes, C1) and bidi overrides that could disguise a name on a page. */
const UNPRINTABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

const HAS_UNPRINTABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

function cleanText(value: string): string {
  return HAS_UNPRINTABLE.test(value) ? value.replace(UNPRINTABLE, '') : value;
}

export function tokenOf(request: FastifyRequest): string {
  return plexValue(request, 'X-Plex-Token');
}

/** The caller's description of itself, or null when it sent no client identifier. */
export function deviceDescriptionOf(request: FastifyRequest): DeviceDescription | null {
  const clientIdentifier = plexValue(request, 'X-Plex-Client-Identifier');
  if (!clientIdentifier) return null;
  const product = plexValue(request, 'X-Plex-Product');
  const device = plexValue(request, 'X-Plex-Device');
  return {
    clientIdentifier,
    name: plexValue(request, 'X-Plex-Device-Name') || device || product || 'Unknown device',
    product: product || 'Unknown product',
    version: plexValue(request, 'X-Plex-Version'),
    platform: plexValue(request, 'X-Plex-Platform'),
    platformVersion: plexValue(request, 'X-Plex-Platform-Version'),
    device,
    model: plexValue(request, 'X-Plex-Model'),
  };
}

/**
 * Error codes in Plex's numbering. 1000, 1001 and 1020 are plex.tv's (docs/protocol.md#polling-a-pin,
 * docs/protocol.md#user-sign-in-and-sign-out); the others are Marquee's own, for cases plex.tv's docs do
 * not show.
 */
export const PlexError = {
  clientIdentifierMissing: { code: 1000, status: 400, message: 'X-Plex-Client-Identifier is missing' },
  unauthenticated: { code: 1001, status: 401, message: 'User could not be authenticated' },
  pinNotFound: { code: 1020, status: 404, message: 'Code not found or expired' },
  pinOfAnotherClient: { code: 1021, status: 400, message: 'This pin belongs to another client' },
  codeMalformed: { code: 1022, status: 400, message: 'The code is not valid' },
  codeAlreadyUsed: { code: 1023, status: 409, message: 'The code was already used' },
  tooManyRequests: { code: 1029, status: 429, message: 'Too many requests; try again later' },
  notFound: { code: 1030, status: 404, message: 'Not found' },
  /** Any other failure (bad body, too large, server error); the HTTP status tells which. */
  requestFailed: { code: 1031, status: 400, message: 'The request is not valid' },
} as const;

export interface PlexErrorKind {
  code: number;
  status: number;
  message: string;
}

export function plexErrorBody(kind: PlexErrorKind, message = kind.message): PlexErrorBody {
  return { errors: [{ code: kind.code, message, status: kind.status }] };
}

export function sendPlexError(reply: FastifyReply, kind: PlexErrorKind, message?: string): FastifyReply {
  return reply.code(kind.status).type('application/json; charset=utf-8').send(plexErrorBody(kind, message));
}

/** 429 with Retry-After in whole seconds. */
export function tooManyRequests(reply: FastifyReply, retryAfterMs: number): FastifyReply {
  reply.header('Retry-After', String(retryAfterSeconds(retryAfterMs)));
  return sendPlexError(reply, PlexError.tooManyRequests);
}
