import { PlexRequestError } from './errors';
import type { Transport } from './http';

/**
 * XMLHttpRequest with a time limit and an abort path. Unlike fetch on Chromium 53 (no AbortController before
 * Chromium 66), abort() really closes the connection, so a scan's timed-out requests do not pile up as
 * sockets the engine still holds open.
 */
export const xhrTransport: Transport = (request) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      request.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => {
      xhr.abort();
      finish(() => reject(new PlexRequestError('aborted', 'Request aborted')));
    };
    if (request.signal?.aborted) {
      reject(new PlexRequestError('aborted', 'Request aborted'));
      return;
    }
    request.signal?.addEventListener('abort', onAbort);
    xhr.open(request.method, request.url, true);
    xhr.timeout = request.timeoutMs;
    const headers = request.headers || {};
    for (const name of Object.keys(headers)) xhr.setRequestHeader(name, headers[name]);
    xhr.onload = () =>
      finish(() =>
        resolve({
          status: xhr.status,
          header: (name) => xhr.getResponseHeader(name),
          text: xhr.responseText,
        }),
      );
    xhr.onerror = () =>
      finish(() => reject(new PlexRequestError('unreachable', `Can't reach ${originOf(request.url)}`)));
    xhr.ontimeout = () =>
      finish(() =>
        reject(new PlexRequestError('timeout', `No answer from ${originOf(request.url)} in time`)),
      );
    xhr.send(request.body === undefined ? null : request.body);
  });

function originOf(url: string): string {
  const match = /^[a-z]+:\/\/[^/]+/i.exec(url);
  return match ? match[0] : url;
}
