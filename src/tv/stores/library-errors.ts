import { isPlexRequestError } from '../../plex/errors';

// Library failures in words, for an ErrorBanner with a Retry. A 401 is not shown: the token is gone and
// the app signs out (home-store's SIGNED_OUT_MESSAGE), so stores hand it to `onUnauthorized` instead.

export interface LibraryError {
  title: string;
  detail: string;
}

export function isUnauthorized(error: unknown): boolean {
  return isPlexRequestError(error) && error.failure === 'unauthorized';
}

export function isAborted(error: unknown): boolean {
  return isPlexRequestError(error) && error.failure === 'aborted';
}

export function describeLibraryFailure(error: unknown): LibraryError {
  const failure = isPlexRequestError(error) ? error.failure : null;
  switch (failure) {
    case 'unreachable':
    case 'timeout':
      return {
        title: "Can't reach the server",
        detail: 'Check that the media server is running and this TV is online.',
      };
    case 'not-found':
      return { title: 'Not found', detail: 'This item is no longer in the library.' };
    case 'rate-limited':
      return { title: 'The server is busy', detail: 'Wait a moment, then try again.' };
    default:
      return { title: 'The server had a problem', detail: 'Try again in a moment.' };
  }
}
