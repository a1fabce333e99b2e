import { describe, expect, it } from 'vitest';
import { PlexAccountClient } from '../../src/plex/account-client';
import { clientProfileExtra } from '../../src/plex/client-profile';
import { chooseConnection, rankConnections } from '../../src/plex/connection';
import { isPlexRequestError, type PlexRequestError } from '../../src/plex/errors';
import { linkPageAddress, qrCodeAddress } from '../../src/plex/link-address';
import { PlexPlaybackClient } from '../../src/plex/playback-client';
import { PlexServerClient } from '../../src/plex/server-client';
import { DEFAULT_PROFILE } from '../../src/protocol/playback';
import { playbackProfile } from '../../src/tv/player/playback-profile';
import { createHomeStore } from '../../src/tv/stores/home-store';
import { createSessionStore } from '../../src/tv/stores/session-store';
import { FakeClock, settle } from '../support/fake-clock';
import { fixture, identity, routedTransport } from './plex-fixtures';

// The client on answers recorded from real Plex Media Servers and plex.tv (test/fixtures/plex/SOURCES.md).

async function failureOf(promise: Promise<unknown>): Promise<PlexRequestError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isPlexRequestError(error)) throw new Error(`expected a PlexRequestError, got ${String(error)}`);
  return error;
}

function account(routes: Parameters<typeof routedTransport>[0]) {
  const { transport, requests } = routedTransport(routes);
  return { client: new PlexAccountClient({ baseUrl: 'https://plex.tv', identity, transport }), requests };
}

function server(routes: Parameters<typeof routedTransport>[0], token: string | null = 'server-token') {
  const { transport, requests } = routedTransport(routes);
  return {
    client: new PlexServerClient({ baseUrl: 'http://pms:32400', token, identity, transport }),
    requests,
  };
}

describe('plex.tv resources as recorded', () => {
  it('lists a server whose answer has no `connections`, with none, and finds it unreachable', async () => {
    const { client } = account([
      ['/api/v2/resources', { body: fixture('plexkit/resources_no_connections.json') }],
    ]);
    const resources = await client.getResources('account-token');
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({ name: 'name', provides: 'server', connections: [] });
    expect(rankConnections(resources[0])).toEqual([]);
    const probed: string[] = [];
    const chosen = await chooseConnection(resources[0], async (uri) => {
      probed.push(uri);
      return { machineIdentifier: 'clientIdentifier' };
    });
    expect(chosen).toBeNull();
    expect(probed).toEqual([]);
  });

  it('chooses no connection, without throwing, for a resource that lacks the key altogether', async () => {
    const raw = JSON.parse(fixture('plexkit/resources_no_connections.json'))[0];
    await expect(
      chooseConnection(raw, async () => ({ machineIdentifier: 'clientIdentifier' })),
    ).resolves.toBeNull();
  });

  it('home shows such a server as unreachable instead of "checking" for good, beside one that answers', async () => {
    const noConnections = JSON.parse(fixture('plexkit/resources_no_connections.json'));
    const box = JSON.parse(fixture('plex-api-rs/resources.json'));
    // A player whose accessToken is null: listed by plex.tv, not a server. (PlexKit's servers are left out
    // here: its anonymised answers give every device the same clientIdentifier, which home keys servers by.)
    const iPhone = JSON.parse(fixture('plexkit/resources.json')).filter(
      (resource: { name: string }) => resource.name === 'iPhone',
    );
    const { client, requests } = account([
      ['/api/v2/user', { body: '{"id":1,"username":"alice","title":"Alice"}' }],
      ['/api/v2/resources', { body: JSON.stringify([...noConnections, ...box, ...iPhone]) }],
    ]);
    const values = new Map<string, string>();
    const session = createSessionStore({
      storage: {
        get: (key) => values.get(key) ?? null,
        set: (key, value) => void values.set(key, value),
        remove: (key) => void values.delete(key),
      },
      identity,
      accountServiceUrl: 'https://plex.tv',
    });
    session.getState().linked({ token: 'account-token', accountName: 'Alice' });
    const home = createHomeStore({
      session,
      account: client,
      // Only the recorded server's LAN address answers, as that server.
      probe: async (_resource, uri) => {
        if (uri === 'https://172-18-0-3.client-id2.plex.direct:32400')
          return { machineIdentifier: 'client_id2' };
        throw new Error(`no answer from ${uri}`);
      },
      clock: new FakeClock(),
      random: () => 0,
    });
    home.getState().start();
    // Settle until no server is still being checked (each round lets pending promise callbacks run).
    const checking = () =>
      (home.getState().servers ?? [{ status: { kind: 'checking' } }]).some(
        (entry) => entry.status.kind === 'checking',
      );
    for (let round = 0; round < 20 && checking(); round++) await settle();
    const servers = home.getState().servers ?? [];
    expect(servers.map((entry) => [entry.name, entry.status.kind])).toEqual([
      ['name', 'unreachable'],
      ['Box', 'online'],
    ]);
    expect(servers[1].status).toEqual({
      kind: 'online',
      connection: { uri: 'https://172-18-0-3.client-id2.plex.direct:32400', local: true, relay: false },
    });
    // plex.tv keeps the token in a header (it is not a PMS; Plex's web client does the same there).
    expect(requests.find((request) => request.url.indexOf('/api/v2/resources') >= 0)?.headers).toEqual({
      Accept: 'application/json',
      'X-Plex-Token': 'account-token',
    });
    home.getState().stop();
  });

  it('fails a resources answer that is not a list as a bad response', async () => {
    const { client } = account([['/api/v2/resources', { body: '{"errors":[]}' }]]);
    expect((await failureOf(client.getResources('account-token'))).failure).toBe('bad-response');
  });
});

describe('plex.tv pins as recorded', () => {
  it('reads a pin without `qr`; the QR then carries the bare link page, the code stays the thing to type', async () => {
    for (const name of ['plexkit/pin_no_id.json', 'plex-api-rs/pins_new.json']) {
      const { client } = account([['/api/v2/pins', { status: 201, body: fixture(name) }]]);
      const pin = await client.createPin();
      expect(pin.qr).toBe('');
      const link = linkPageAddress(pin.qr, 'https://plex.tv');
      expect(link).toBe('https://plex.tv/link');
      expect(qrCodeAddress(pin.qr, link, pin.code)).toBe('https://plex.tv/link');
    }
    // A pin that names its QR image (Marquee's link service) still gets the code filled in.
    expect(
      qrCodeAddress(
        'http://192.168.1.5:32400/api/v2/pins/qr/BDKWQHMT',
        'http://192.168.1.5:32400/link',
        'BDKWQHMT',
      ),
    ).toBe('http://192.168.1.5:32400/link?code=BDKWQHMT');
  });

  it('reads the linked pin’s token', async () => {
    const { client } = account([
      ['/api/v2/pins/111222333', { body: fixture('plex-api-rs/pins_linked.json') }],
    ]);
    const pin = await client.getPin(111222333);
    expect(pin).toMatchObject({ id: 111222333, code: 'CODE', authToken: 'auth_token', qr: '' });
  });

  it('fails an answer that is no pin as a bad response', async () => {
    const { client } = account([['/api/v2/pins', { status: 201, body: '[]' }]]);
    expect((await failureOf(client.createPin())).failure).toBe('bad-response');
  });
});

describe('PMS answers as recorded', () => {
  it('takes the total from X-Plex-Container-Total-Size when the body has none', async () => {
    const { client } = server([
      [
        '/library/sections/1/all',
        {
          body: fixture('plex-api-rs/movie_library.json'),
          // The recorded body has no totalSize/offset; a paged answer carries them as headers.
          headers: { 'X-Plex-Container-Start': '0', 'X-Plex-Container-Total-Size': '358' },
        },
      ],
    ]);
    const page = await client.sectionItems('1', { start: 0, size: 4 });
    expect(page.totalSize).toBe(358);
    expect(page.offset).toBe(0);
    expect(page.items.map((item) => item.title)).toEqual([
      'Big Buck Bunny',
      'Elephants Dream',
      'Interstate 60',
      'Sintel',
    ]);
    // Neither header nor totalSize: the list is what came.
    const bare = server([['/library/sections/1/all', { body: fixture('plex-api-rs/movie_library.json') }]]);
    expect((await bare.client.sectionItems('1', { start: 0, size: 50 })).totalSize).toBe(4);
  });

  it('hands ids sent as numbers on as strings', async () => {
    const { client } = server([['/hubs', { body: fixture('synthetic/hubs_home.json') }]]);
    const hubs = await client.hubs();
    const continueHub = hubs.find((hub) => hub.hubIdentifier === 'home.continue');
    const onDeck = hubs.find((hub) => hub.hubIdentifier === 'home.ondeck');
    const movies = hubs.find((hub) => hub.hubIdentifier === 'home.movies.recent');
    expect(continueHub?.Metadata?.[0]).toMatchObject({ ratingKey: '57303', grandparentRatingKey: '28063' });
    expect(onDeck?.Metadata?.[0].ratingKey).toBe('57303'); // sent as a number
    expect(movies?.Metadata?.map((item) => item.ratingKey)).toEqual(['108', '55']);
  });

  it('turns a body without MediaContainer into a bad response, not a TypeError', async () => {
    for (const body of ['{}', '[]', 'null', fixture('plex-api-rs/resources.json')]) {
      const { client } = server([
        ['/identity', { body }],
        ['/library/sections', { body }],
        ['/hubs', { body }],
        ['/library/metadata/55', { body }],
        ['/library/metadata/55/children', { body }],
        ['/library/sections/1/all', { body }],
      ]);
      for (const call of [
        client.identity(),
        client.sections(),
        client.hubs(),
        client.metadata('55'),
        client.children('55'),
        client.sectionItems('1', { start: 0, size: 10 }),
      ]) {
        const error = await failureOf(call);
        expect(error.failure).toBe('bad-response');
        expect(error.message).toBe('The server answered without a MediaContainer');
      }
    }
  });

  it('sends the token as a query parameter and no custom header, so a browser sends no CORS preflight', async () => {
    const { client, requests } = server([['/library/sections', { body: fixture('plexkit/libraries.json') }]]);
    await client.sections();
    const url = new URL(requests[0].url);
    expect(url.searchParams.get('X-Plex-Token')).toBe('server-token');
    expect(url.searchParams.get('X-Plex-Client-Identifier')).toBe('tv-1');
    // Accept is a CORS-safelisted header; nothing else may be set.
    expect(requests[0].headers).toEqual({ Accept: 'application/json' });
    // /identity needs no token: a client without one sends none.
    const anonymous = server([['/identity', { body: fixture('plexkit/identity.json') }]], null);
    expect((await anonymous.client.identity()).machineIdentifier).toBe('identifier');
    expect(anonymous.requests[0].url).not.toContain('X-Plex-Token');
    expect(anonymous.requests[0].headers).toEqual({ Accept: 'application/json' });
  });

  it('never puts the token in an error message', async () => {
    const token = 'secret-server-token-1234';
    // A real request to a closed port, and a server error that quotes the request URL back.
    const unreachable = new PlexServerClient({
      baseUrl: 'http://127.0.0.1:9',
      token,
      identity,
      timeoutMs: 5000,
    });
    const quoting = server(
      [
        [
          '/library/sections',
          {
            status: 500,
            body: JSON.stringify({
              errors: [{ code: 1, message: `Failed: /library/sections?X-Plex-Token=${token}&x=1` }],
            }),
          },
        ],
        ['/hubs', { body: '<html>' }],
      ],
      token,
    ).client;
    const failures = [
      await failureOf(unreachable.sections()),
      await failureOf(quoting.sections()),
      await failureOf(quoting.hubs()),
    ];
    expect(failures.map((failure) => failure.failure)).toEqual([
      'unreachable',
      'server-error',
      'bad-response',
    ]);
    for (const failure of failures) {
      expect(failure.message).not.toContain(token);
      expect(String(failure)).not.toContain(token);
    }
  });
});

describe('playback on a recorded PMS decision', () => {
  function playback() {
    const { transport, requests } = routedTransport([
      ['/video/:/transcode/universal/decision', { body: fixture('plex-api-rs/decision_13194.json') }],
    ]);
    return {
      requests,
      client: new PlexPlaybackClient({ baseUrl: 'http://pms:32400', token: 't0k', identity, transport }),
    };
  }

  it('asks for the decision with the Generic client profile and this TV’s augmentations', async () => {
    const { client, requests } = playback();
    const tv = playbackProfile('tizen', () => '');
    const plan = await client.plan('13194', 'session-1', tv);
    // The recorded decision (ids as strings) says direct play: the part itself, the token in its URL.
    expect(plan).toMatchObject({
      kind: 'file',
      url: 'http://pms:32400/library/parts/284868/1403500932/file.mp4?X-Plex-Token=t0k',
      codes: { generalDecisionCode: 1000, generalDecisionText: 'Direct play OK.' },
    });
    const url = new URL(requests[0].url);
    expect(url.searchParams.get('X-Plex-Client-Profile-Name')).toBe('Generic');
    expect(url.searchParams.get('X-Plex-Client-Profile-Extra')).toBe(
      [
        'add-transcode-target(type=videoProfile&context=streaming&protocol=hls&container=mpegts&videoCodec=h264,hevc&audioCodec=aac,mp3,ac3,eac3&replace=true)',
        'add-direct-play-profile(type=videoProfile&container=mp4,m4v,mov,mkv,mpegts,webm&videoCodec=h264,hevc,mpeg2video,vc1,vp9&audioCodec=aac,mp3,ac3,eac3&subtitleCodec=*)',
        'add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.width&value=3840)',
        'add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.height&value=2160)',
      ].join('+'),
    );
    // The directive grammar's characters never reach PMS unencoded ('+' would read as a space).
    const name = 'X-Plex-Client-Profile-Extra=';
    const raw = requests[0].url.slice(requests[0].url.indexOf(name) + name.length).split('&')[0];
    expect(raw).toMatch(/^add-transcode-target%28type%3DvideoProfile%26/);
    expect(raw).not.toMatch(/[()*+,=]/);
    expect(url.searchParams.get('X-Plex-Token')).toBe('t0k');
    expect(requests[0].headers).toEqual({ Accept: 'application/json' });
  });

  it('builds a browser’s profile from the same capabilities: H.264/AAC when converted, its own codecs direct', () => {
    expect(clientProfileExtra({ ...DEFAULT_PROFILE, audioCodecs: ['aac', 'mp3', 'dts'] })).toBe(
      [
        'add-transcode-target(type=videoProfile&context=streaming&protocol=hls&container=mpegts&videoCodec=h264&audioCodec=aac&replace=true)',
        'add-direct-play-profile(type=videoProfile&container=mp4,m4v,mov,webm&videoCodec=h264,vp8,vp9&audioCodec=aac,mp3,dca&subtitleCodec=*)',
        'add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.width&value=1920)',
        'add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.height&value=1080)',
      ].join('+'),
    );
  });

  it('fails a decision without MediaContainer as a bad response', async () => {
    const { transport } = routedTransport([
      ['/video/:/transcode/universal/decision', { body: '{"size":0}' }],
    ]);
    const client = new PlexPlaybackClient({ baseUrl: 'http://pms:32400', token: 't0k', identity, transport });
    expect((await failureOf(client.plan('1', 's', DEFAULT_PROFILE))).failure).toBe('bad-response');
  });
});
