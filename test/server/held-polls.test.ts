import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_POLLS_PER_ADDRESS, HELD_POLLS_PER_CLIENT } from '../../src/server/link/held-polls';
import { startTestServer, type TestServer } from '../support/home-server';
import { eventually } from '../support/media-fixtures';
import { createPin, newTv, plexQuery, RELAXED_LIMITS, type TvIdentity } from './helpers';

// One client or one address cannot hold every connection with long-polls (issue 8.6): past the cap a poll is
// answered at once, as a plain poll. Other loopback addresses stand in for other machines on the LAN.

interface HeldPoll {
  answer: Promise<{ status: number; authToken: string | null }>;
  settled: () => boolean;
  abort: () => void;
}

function longPoll(url: string, tv: TvIdentity, pinId: number, localAddress = '127.0.0.1'): HeldPoll {
  let settled = false;
  const request = httpRequest(`${url}/api/v2/pins/${pinId}?wait=30&${plexQuery(tv)}`, {
    localAddress,
    headers: { Accept: 'application/json' },
  });
  const answer = new Promise<{ status: number; authToken: string | null }>((resolve, reject) => {
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => {
        settled = true;
        resolve({ status: response.statusCode ?? 0, authToken: JSON.parse(body).authToken ?? null });
      });
    });
    request.on('error', (error) => {
      settled = true;
      reject(error);
    });
  });
  answer.catch(() => {});
  request.end();
  return { answer, settled: () => settled, abort: () => request.destroy() };
}

describe('caps on held long-polls', () => {
  let server: TestServer;
  const open: HeldPoll[] = [];

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    for (const poll of open) poll.abort();
    await server.close();
  });

  const held = () => server.server.heldPolls();

  it(`holds ${HELD_POLLS_PER_CLIENT} waits per client and answers the next at once`, async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    for (let i = 0; i < HELD_POLLS_PER_CLIENT; i++) open.push(longPoll(server.url, tv, pin.id));
    await eventually(async () => held() === HELD_POLLS_PER_CLIENT);

    const extra = await longPoll(server.url, tv, pin.id).answer;
    expect(extra).toEqual({ status: 200, authToken: null });
    expect(open.some((poll) => poll.settled())).toBe(false);
    expect(held()).toBe(HELD_POLLS_PER_CLIENT);

    for (const poll of open.splice(0)) poll.abort();
    await eventually(async () => held() === 0);
  });

  it(`holds ${HELD_POLLS_PER_ADDRESS} waits per address; another address is still held`, async () => {
    for (let i = 0; i < HELD_POLLS_PER_ADDRESS; i++) {
      const tv = newTv();
      const { pin } = await createPin(server.url, tv);
      open.push(longPoll(server.url, tv, pin.id));
    }
    await eventually(async () => held() === HELD_POLLS_PER_ADDRESS);

    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    expect(await longPoll(server.url, tv, pin.id).answer).toEqual({ status: 200, authToken: null });
    expect(open.some((poll) => poll.settled())).toBe(false);

    const elsewhere = newTv();
    const other = await createPin(server.url, elsewhere);
    open.push(longPoll(server.url, elsewhere, other.pin.id, '127.0.0.2'));
    await eventually(async () => held() === HELD_POLLS_PER_ADDRESS + 1);
  });
});
