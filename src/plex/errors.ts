import { redactSecrets } from '../protocol/redact';

// Typed failures of a Plex request, so the UI can name them ("Can't reach the server", "Code expired", …).

export type PlexFailure =
  | 'unreachable' // no HTTP answer at all (connection refused, DNS, CORS-blocked)
  | 'timeout' // no answer within the request's time limit
  | 'aborted' // the caller gave up (screen left, app hidden)
  | 'unauthorized' // 401 (or plex.tv's 422 "Invalid token"): the token is no longer valid
  | 'not-found' // 404 (or 410): for a pin, "expired or unknown"
  | 'rate-limited' // 429, with the server's Retry-After when it sent one
  | 'rejected' // another 4xx: the request itself is wrong (e.g. a pin polled by another client id)
  | 'server-error' // 5xx
  | 'bad-response'; // an answer that is not the JSON we expect

export class PlexRequestError extends Error {
  readonly failure: PlexFailure;
  readonly status: number | null;
  /** For 'rate-limited': how long the server asked us to wait, when it said. */
  readonly retryAfterMs: number | null;

  constructor(
    failure: PlexFailure,
    message: string,
    status: number | null = null,
    retryAfterMs: number | null = null,
  ) {
    // PMS requests carry the token in their URL; a message that quotes one must not pass it on.
    super(redactSecrets(message));
    this.name = 'PlexRequestError';
    this.failure = failure;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Duck-typed so it holds across bundles and transpiled `extends Error` on old engines. */
export function isPlexRequestError(error: unknown): error is PlexRequestError {
  return (
    typeof error === 'object' && error !== null && typeof (error as PlexRequestError).failure === 'string'
  );
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
