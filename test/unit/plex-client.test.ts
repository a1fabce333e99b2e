import { describe, expect, it } from 'vitest';
import { PlexAccountClient } from '../../src/plex/account-client';
import { chooseConnection, rankConnections } from '../../src/plex/connection';
import { isPlexRequestError, PlexRequestError, parseRetryAfter } from '../../src/plex/errors';
import type { HttpRequest, HttpResponse, Transport } from '../../src/plex/http';
import { linkPageAddress, prefilledLinkAddress } from '../../src/plex/link-address';
import type { PlexConnection, PlexResource } from '../../src/protocol/plex-account';
import { redactSecrets } from '../../src/protocol/redact';

const identity = {
  clientIdentifier: 'tv-1',
  product: 'Marquee',
  version: '0.1.0',
  platform: 'Tizen',
  platformVersion: '4.0',
  device: 'Samsung TV',
  model: 'UE55',
  deviceName: 'Living Room TV',
};

function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const requests: HttpRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    const response: HttpResponse = { status, text: body, header: (name) => headers[name] ?? null };
    return response;
  };
  return { transport, requests };
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isPlexRequestError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('PlexAccountClient', () => {
  it('sends X-Plex identification as query parameters and the token as a header', async () => {
    const { transport, requests } = answering(200, '{"id":1}');
    const client = new PlexAccountClient({ baseUrl: 'http://tv.local:32400/', identity, transport });
    await client.getUser('secret');
    expect(requests[0].url).toMatch(
      /^http:\/\/tv\.local:32400\/api\/v2\/user\?X-Plex-Client-Identifier=tv-1&/,
    );
    expect(requests[0].url).toContain('X-Plex-Device-Name=Living%20Room%20TV');
    expect(requests[0].url).not.toContain('secret');
    expect(requests[0].headers).toEqual({ Accept: 'application/json', 'X-Plex-Token': 'secret' });
  });

  it('asks the server to hold a poll, capped at 30 s, and allows for it in the time limit', async () => {
    const { transport, requests } = answering(200, '{"id":7}');
    const client = new PlexAccountClient({ baseUrl: 'http://h', identity, transport, timeoutMs: 5000 });
    await client.getPin(7, { waitSeconds: 99 });
    expect(requests[0].url).toMatch(/\/api\/v2\/pins\/7\?wait=30&X-Plex/);
    expect(requests[0].timeoutMs).toBe(35_000);
  });

  it('names failures: 404 expired pin, 401, 429 with Retry-After, 5xx, 400, non-JSON', async () => {
    const cases: [number, string, Record<string, string>, string][] = [
      [404, '{"errors":[{"code":1020,"message":"Code not found or expired"}]}', {}, 'not-found'],
      [401, '{"errors":[{"code":1001,"message":"User could not be authenticated"}]}', {}, 'unauthorized'],
      [422, 'Invalid token', {}, 'unauthorized'],
      [429, '', { 'Retry-After': '12' }, 'rate-limited'],
      [503, 'down', {}, 'server-error'],
      [400, '{"errors":[{"code":1000,"message":"X-Plex-Client-Identifier is missing"}]}', {}, 'rejected'],
    ];
    for (const [status, body, headers, failure] of cases) {
      const client = new PlexAccountClient({
        baseUrl: 'http://h',
        identity,
        transport: answering(status, body, headers).transport,
      });
      const error = await failureOf(client.getPin(1));
      expect(error.failure).toBe(failure);
      expect(error.status).toBe(status);
    }
    const limited = new PlexAccountClient({
      baseUrl: 'http://h',
      identity,
      transport: answering(429, '', { 'Retry-After': '12' }).transport,
    });
    expect((await failureOf(limited.createPin())).retryAfterMs).toBe(12_000);
    const expired = new PlexAccountClient({
      baseUrl: 'http://h',
      identity,
      transport: answering(404, '{"errors":[{"code":1020,"message":"Code not found or expired"}]}').transport,
    });
    expect((await failureOf(expired.getPin(1))).message).toBe('Code not found or expired');
    const garbled = new PlexAccountClient({
      baseUrl: 'http://h',
      identity,
      transport: answering(200, '<html>').transport,
    });
    expect((await failureOf(garbled.getUser('t'))).failure).toBe('bad-response');
  });

  it('reports an unreachable server as such (real fetch to a closed port)', async () => {
    const client = new PlexAccountClient({ baseUrl: 'http://127.0.0.1:9', identity, timeoutMs: 5000 });
    expect((await failureOf(client.createPin())).failure).toBe('unreachable');
  });
});

describe('Retry-After and redaction', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', 0)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });

  it('hides tokens in URLs', () => {
    expect(redactSecrets('GET /library?X-Plex-Token=abc123&x=1')).toBe(
      'GET /library?X-Plex-Token=<redacted>&x=1',
    );
  });

  it('recognises its errors by shape', () => {
    expect(isPlexRequestError(new PlexRequestError('timeout', 't'))).toBe(true);
    expect(isPlexRequestError(new Error('x'))).toBe(false);
  });
});

function connection(uri: string, local: boolean, relay = false): PlexConnection {
  const url = new URL(uri);
  return {
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    address: url.hostname,
    port: Number(url.port),
    uri,
    local,
    relay,
    IPv6: false,
  };
}

function resource(connections: PlexConnection[]): PlexResource {
  return { clientIdentifier: 'server-1', connections } as PlexResource;
}

describe('connection choice', () => {
  const relay = connection('https://relay:8443', false, true);
  const remoteHttp = connection('http://remote:32400', false);
  const localHttp = connection('http://192.168.1.5:32400', true);
  const localHttps = connection('https://192-168-1-5.x.plex.direct:32400', true);

  it('ranks local before remote, relay last, https first within a group', () => {
    const ranked = rankConnections(resource([relay, remoteHttp, localHttp, localHttps]));
    expect(ranked.map((c) => c.uri)).toEqual([localHttps.uri, localHttp.uri, remoteHttp.uri, relay.uri]);
  });

  it('picks the best connection that answers as this server', async () => {
    const answers: Record<string, string> = {
      [localHttp.uri]: 'another-server', // a different machine on that address
      [remoteHttp.uri]: 'server-1',
      [relay.uri]: 'server-1',
    };
    const chosen = await chooseConnection(
      resource([relay, remoteHttp, localHttp, localHttps]),
      async (uri) => {
        if (!answers[uri]) throw new PlexRequestError('unreachable', 'no');
        return { machineIdentifier: answers[uri] };
      },
    );
    expect(chosen).toEqual({ uri: remoteHttp.uri, local: false, relay: false });
  });

  it('returns null when nothing answers', async () => {
    const chosen = await chooseConnection(resource([localHttp]), async () => {
      throw new PlexRequestError('timeout', 'slow');
    });
    expect(chosen).toBeNull();
  });
});

describe('link page address', () => {
  it('comes from the pin’s QR address, so a phone gets the public (LAN) address', () => {
    expect(
      linkPageAddress('http://192.168.1.5:32400/api/v2/pins/qr/BDKWQHMT', 'http://localhost:32400'),
    ).toBe('http://192.168.1.5:32400/link');
    expect(linkPageAddress('https://plex.tv/api/v2/pins/qr/7RQZ', 'https://plex.tv')).toBe(
      'https://plex.tv/link',
    );
    expect(linkPageAddress('', 'http://localhost:32400/')).toBe('http://localhost:32400/link');
    expect(prefilledLinkAddress('http://h/link', 'BDKWQHMT')).toBe('http://h/link?code=BDKWQHMT');
  });
});
