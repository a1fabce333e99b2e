import { describe, expect, it } from 'vitest';
import { serverMessage } from '../../src/tv/player/video-source';

// What the player shows when hls.js gives up on a playlist or segment: the server's own words when its answer
// carried a Plex error body (the home server's 500 for a conversion whose ffmpeg failed), else nothing here
// (the caller then names hls.js's error).

const plexError = JSON.stringify({
  errors: [{ code: 1043, message: 'The video could not be converted', status: 500 }],
});

describe('serverMessage', () => {
  it('reads the message of a refused playlist (text) or segment (ArrayBuffer), ending it with a full stop', () => {
    expect(serverMessage({ status: 500, responseType: 'text', responseText: plexError })).toBe(
      'The video could not be converted.',
    );
    const bytes = new TextEncoder().encode(plexError).buffer;
    expect(serverMessage({ status: 500, responseType: 'arraybuffer', response: bytes })).toBe(
      'The video could not be converted.',
    );
    const busy = JSON.stringify({ errors: [{ message: 'Too many videos are being converted at once.' }] });
    expect(serverMessage({ status: 503, responseType: '', responseText: busy })).toBe(
      'Too many videos are being converted at once.',
    );
  });

  it('is null without a server answer, for a success, or for a body that is not a Plex error', () => {
    expect(serverMessage(undefined)).toBeNull();
    expect(serverMessage(null)).toBeNull();
    expect(serverMessage({ status: 0, responseType: 'text', responseText: '' })).toBeNull();
    expect(serverMessage({ status: 200, responseType: 'text', responseText: plexError })).toBeNull();
    expect(
      serverMessage({ status: 502, responseType: 'text', responseText: '<html>Bad gateway</html>' }),
    ).toBeNull();
    expect(serverMessage({ status: 500, responseType: 'text', responseText: '{"errors":[{}]}' })).toBeNull();
  });
});
