import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/home-server';
import { adminBrowser, createPin, newTv, RELAXED_LIMITS } from './helpers';

// Taps on Link that lose to another tap of the same person are not guesses (issue 8.10): with a budget of 2 wrong
// codes, five concurrent taps and five late repeats on one code must leave the budget untouched.
describe('double taps on Link', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      limits: { ...RELAXED_LIMITS, wrongCodePerActor: { limit: 2, windowMs: 60_000 } },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('do not spend the wrong-code budget, concurrent or repeated', async () => {
    const { pin } = await createPin(server.url, newTv());
    const browser = await adminBrowser(server.url);
    expect((await browser.enterCode(pin.code)).status).toBe(200);
    const csrf = await browser.csrf();
    const tap = () => browser.postForm('/link/confirm', { csrf, code: pin.code, action: 'link' });

    const together = await Promise.all(Array.from({ length: 5 }, tap));
    expect(together.map((page) => page.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (let i = 0; i < 5; i++) expect((await tap()).status).toBe(409);

    // The budget is untouched: the next real code still links.
    const next = await createPin(server.url, newTv());
    expect((await browser.enterCode(next.pin.code)).status).toBe(200);
    expect((await browser.confirm('link')).status).toBe(200);
  });

  it('still counts codes that match nothing', async () => {
    const browser = await adminBrowser(server.url);
    const other = await adminBrowser(server.url);
    expect((await browser.enterCode('BCDF-GHJK')).status).toBe(404);
    expect((await other.enterCode('BCDF-GHJL')).status).toBe(404);
    expect((await browser.enterCode('BCDF-GHJM')).status).toBe(429);
  });
});
