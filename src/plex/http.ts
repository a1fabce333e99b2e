import { PlexRequestError, parseRetryAfter } from './errors';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Settles the request as 'aborted' when it fires. */
  signal?: AbortSignalLike;
}

/** The part of AbortSignal we use; our own `Cancellation` provides it on engines without AbortController. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface HttpResponse {
  status: number;
  header(name: string): string | null;
  text: string;
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * fetch with a time limit and an abort path. Chromium 53 has fetch (42+) but not AbortController (66+),
 * so where it is missing a timed-out or aborted request is settled at once and its late answer ignored.
 */
export const fetchTransport: Transport = (request) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => {
      controller?.abort();
      finish(() => reject(new PlexRequestError('aborted', 'Request aborted')));
    };
    const timer = setTimeout(() => {
      controller?.abort();
      finish(() =>
        reject(new PlexRequestError('timeout', `No answer from ${originOf(request.url)} in time`)),
      );
    }, request.timeoutMs);
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort);

    fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller?.signal,
    })
      .then((response) =>
        response.text().then((text) => {
          finish(() =>
            resolve({ status: response.status, header: (name) => response.headers.get(name), text }),
          );
        }),
      )
      .catch(() => {
        finish(() => reject(new PlexRequestError('unreachable', `Can't reach ${originOf(request.url)}`)));
      });
  });

/** Maps a non-2xx answer to a typed error. */
export function errorForStatus(response: HttpResponse, nowMs: number): PlexRequestError {
  const { status } = response;
  const detail = messageFromBody(response.text);
  if (status === 401 || (status === 422 && /invalid token/i.test(response.text))) {
    return new PlexRequestError('unauthorized', detail ?? 'Not signed in', status);
  }
  if (status === 404 || status === 410)
    return new PlexRequestError('not-found', detail ?? 'Not found', status);
  if (status === 429) {
    return new PlexRequestError(
      'rate-limited',
      detail ?? 'Too many requests',
      status,
      parseRetryAfter(response.header('Retry-After'), nowMs),
    );
  }
  if (status >= 500) return new PlexRequestError('server-error', detail ?? `Server error ${status}`, status);
  return new PlexRequestError('rejected', detail ?? `Request rejected (${status})`, status);
}

/** Parses a JSON answer, or fails with 'bad-response'. */
export function parseJson<T>(response: HttpResponse): T {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    throw new PlexRequestError('bad-response', 'The server sent something that is not JSON', response.status);
  }
}

function messageFromBody(text: string): string | null {
  try {
    const body = JSON.parse(text) as { errors?: { message?: string }[] };
    const message = body.errors?.[0]?.message;
    return typeof message === 'string' ? message : null;
  } catch {
    return null;
  }
}

function originOf(url: string): string {
  const match = /^[a-z]+:\/\/[^/]+/i.exec(url);
  return match ? match[0] : url;
}
