import { describe, expect, it } from 'vitest';
import { PlexRequestError } from '../../src/plex/errors';
import type { Transport } from '../../src/plex/http';
import { checkIdentity, identityProblemText, serverLabel } from '../../src/plex/identity-check';
import { fixture, routedTransport } from './plex-fixtures';

const failing =
  (failure: 'unreachable' | 'timeout'): Transport =>
  () =>
    Promise.reject(new PlexRequestError(failure, 'no'));

describe('checking an address with GET /identity', () => {
  it('accepts a recorded PMS answer (no name) and Marquee’s (with friendlyName), without a trailing slash', async () => {
    const pms = routedTransport([['/identity', { body: fixture('plexkit/identity.json') }]]);
    const answer = await checkIdentity('http://192.168.1.20:32400/', {
      transport: pms.transport,
      timeoutMs: 500,
    });
    expect(answer).toEqual({
      ok: true,
      server: { url: 'http://192.168.1.20:32400', machineIdentifier: 'identifier', name: '' },
    });
    expect(pms.requests[0]).toMatchObject({
      method: 'GET',
      url: 'http://192.168.1.20:32400/identity',
      headers: { Accept: 'application/json' },
      timeoutMs: 500,
    });
    expect(answer.ok && serverLabel(answer.server)).toBe('Plex Media Server');

    const marquee = routedTransport([
      [
        '/identity',
        {
          body: '{"MediaContainer":{"size":0,"machineIdentifier":"m-1","friendlyName":"Marquee Home Server (den)"}}',
        },
      ],
    ]);
    const named = await checkIdentity('http://127.0.0.77:32400', {
      transport: marquee.transport,
      timeoutMs: 500,
    });
    expect(named.ok && serverLabel(named.server)).toBe('Marquee Home Server (den)');
  });

  it('names the three failures: nothing answers, not Plex-compatible, timed out', async () => {
    const check = (transport: Transport) =>
      checkIdentity('http://10.0.0.9:32400', { transport, timeoutMs: 500 });
    expect(await check(failing('unreachable'))).toEqual({ ok: false, problem: 'nothing-answers' });
    expect(await check(failing('timeout'))).toEqual({ ok: false, problem: 'timed-out' });
    for (const body of ['<html>router</html>', '{"hello":1}', '{"MediaContainer":{"size":0}}', 'null']) {
      const transport = routedTransport([['/identity', { body }]]).transport;
      expect(await check(transport), body).toEqual({ ok: false, problem: 'not-plex' });
    }
    const notFound = routedTransport([]).transport; // 404 for every path
    expect(await check(notFound)).toEqual({ ok: false, problem: 'not-plex' });

    expect(identityProblemText('nothing-answers', 'http://10.0.0.9:32400')).toMatch(
      /^Nothing answers at 10\.0\.0\.9:32400/,
    );
    expect(identityProblemText('not-plex', 'http://10.0.0.9:32400')).toContain(
      'not a Plex-compatible server',
    );
    expect(identityProblemText('timed-out', 'http://10.0.0.9:32400')).toContain('timed out');
  });
});
