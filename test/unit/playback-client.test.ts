import { describe, expect, it } from 'vitest';
import { isPlexRequestError } from '../../src/plex/errors';
import type { HttpRequest, Transport } from '../../src/plex/http';
import { PlexPlaybackClient } from '../../src/plex/playback-client';
import { DEFAULT_PROFILE, streamStartFromPlaylist } from '../../src/protocol/playback';

const identity = {
  clientIdentifier: 'tv-1',
  product: 'Marquee',
  version: '0.1.0',
  platform: 'Chrome',
  platformVersion: '156',
  device: 'Browser',
  model: '',
  deviceName: 'Chrome on Linux',
};

function decision(code: number, part: { key: string; decision: string }) {
  return {
    MediaContainer: {
      size: 1,
      generalDecisionCode: code,
      generalDecisionText: code < 2000 ? 'OK' : 'Cannot play',
      directPlayDecisionCode: 1000,
      directPlayDecisionText: '',
      transcodeDecisionCode: 1001,
      transcodeDecisionText: '',
      Metadata: [{ ratingKey: '7', Media: [{ selected: true, Part: [part] }] }],
    },
  };
}

/** Answers requests in turn (strings as they are, anything else as JSON); the last answer repeats. */
function client(...answers: unknown[]) {
  const requests: HttpRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    const answer = answers[Math.min(requests.length, answers.length) - 1];
    const text = answer === undefined ? '' : typeof answer === 'string' ? answer : JSON.stringify(answer);
    return { status: 200, text, header: () => null };
  };
  return {
    requests,
    playback: new PlexPlaybackClient({ baseUrl: 'http://pms:32400/', token: 't0k', identity, transport }),
  };
}

describe('PlexPlaybackClient', () => {
  it('plays the file itself when the server says direct play, with the token in the URL', async () => {
    const { playback, requests } = client(
      decision(1000, { key: '/library/parts/3/1700000000/file.mp4', decision: 'directplay' }),
    );
    const plan = await playback.plan('7', 'session-1', DEFAULT_PROFILE);
    expect(requests[0].url).toMatch(
      /\/video\/:\/transcode\/universal\/decision\?path=%2Flibrary%2Fmetadata%2F7&/,
    );
    expect(requests[0].url).toContain('session=session-1');
    expect(requests[0].url).toContain('directPlayAudioCodecs=aac%2Cmp3%2Copus%2Cvorbis');
    expect(plan).toMatchObject({
      kind: 'file',
      url: 'http://pms:32400/library/parts/3/1700000000/file.mp4?X-Plex-Token=t0k',
    });
  });

  it('plays the HLS stream otherwise, starting at the offset in seconds, where the server says it begins', async () => {
    const master = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-SESSION-DATA:DATA-ID="tv.marquee.stream-start",VALUE="80.000"',
      '#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=2000000',
      'session/session-2/base/index.m3u8?X-Plex-Token=t0k',
    ].join('\n');
    const { playback, requests } = client(
      decision(1001, { key: '/video/:/transcode/universal/start.m3u8?session=s', decision: 'transcode' }),
      master,
    );
    const plan = await playback.plan('7', 'session-2', DEFAULT_PROFILE, 83_500);
    expect(requests[1].url).toBe(plan.url); // the master playlist was fetched: the conversion has started
    expect(plan.streamStartMs).toBe(80_000); // copied video starts at the keyframe before 83.5 s
    expect(plan.kind).toBe('hls');
    expect(plan.url).toMatch(/^http:\/\/pms:32400\/video\/:\/transcode\/universal\/start\.m3u8\?path=/);
    expect(plan.url).toContain('&offset=83.500&');
    expect(plan.url).toContain('session=session-2');
    expect(plan.url).toMatch(/X-Plex-Token=t0k$/);
  });

  it('decide() asks only for the decision; start() then starts the stream (so tracks can change between)', async () => {
    const { playback, requests } = client(
      decision(1001, { key: '/video/:/transcode/universal/start.m3u8?session=s', decision: 'transcode' }),
      '#EXTM3U\n',
    );
    const decided = await playback.decide('7', 'session-3', DEFAULT_PROFILE);
    expect(requests.map((request) => request.url.split('?')[0])).toEqual([
      'http://pms:32400/video/:/transcode/universal/decision',
    ]);
    expect(decided.direct).toBe(false);
    const plan = await playback.start(decided, 5_000);
    expect(requests).toHaveLength(2);
    expect(requests[1].url).toBe(plan.url);
    expect(plan.url).toContain('&offset=5.000&');
  });

  it('refuses a decision the server says cannot play (2xxx and up)', async () => {
    const { playback } = client(decision(3000, { key: '/x', decision: 'directplay' }));
    const error = await playback.plan('7', 's', DEFAULT_PROFILE).catch((caught: unknown) => caught);
    expect(isPlexRequestError(error) && error.failure).toBe('rejected');
  });

  it('reports the timeline with time clamped to the duration and the session id', async () => {
    const { playback, requests } = client(undefined);
    await playback.timeline('7', 'session-3', 'paused', 61_234.6, 60_000);
    expect(requests[0].url).toMatch(
      /\/:\/timeline\?ratingKey=7&key=%2Flibrary%2Fmetadata%2F7&state=paused&time=60000&duration=60000&X-Plex-Session-Identifier=session-3&/,
    );
    // The token rides in the query (no custom header, so no CORS preflight), never as a header.
    expect(new URL(requests[0].url).searchParams.get('X-Plex-Token')).toBe('t0k');
    expect(requests[0].headers).toEqual({ Accept: 'application/json' });
  });
});

describe('stream start in a master playlist', () => {
  it('is read from Marquee’s session data, and absent for a real PMS playlist', () => {
    expect(
      streamStartFromPlaylist(
        '#EXTM3U\n#EXT-X-SESSION-DATA:DATA-ID="tv.marquee.stream-start",VALUE="12.345"\n',
      ),
    ).toBe(12_345);
    expect(
      streamStartFromPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nsession/x/base/index.m3u8\n'),
    ).toBeNull();
  });
});
