import { describe, expect, it } from 'vitest';
import type { FoundServer, IdentityCheck } from '../../src/plex/identity-check';
import type { RunningScan, ScanSummary, Subnet } from '../../src/plex/lan-scan';
import { createAddressEntryStore } from '../../src/tv/first-run/address-entry-store';
import { createDiscoveryStore, discoveryStatusText } from '../../src/tv/first-run/discovery-store';
import { settle } from '../support/fake-clock';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const found = (url: string, id: string): FoundServer => ({
  url,
  machineIdentifier: id,
  name: `Server ${id}`,
});

/** A scan the test drives: it reports servers and progress when told, and finishes when told. */
function fakeScanner() {
  const scans: {
    subnet: Subnet;
    found(server: FoundServer): void;
    progress(probed: number): void;
    finish(): void;
    cancelled: boolean;
  }[] = [];
  const scan = (
    subnet: Subnet,
    onFound: (server: FoundServer) => void,
    onProgress: (probed: number) => void,
  ): RunningScan => {
    const end = deferred<ScanSummary>();
    const entry = {
      subnet,
      found: onFound,
      progress: onProgress,
      cancelled: false,
      finish: () =>
        end.resolve({ probed: 253, total: 253, found: 0, peakInFlight: 64, cancelled: entry.cancelled }),
    };
    scans.push(entry);
    return {
      done: end.promise,
      cancel: () => {
        entry.cancelled = true;
        entry.finish();
      },
    };
  };
  return { scan, scans };
}

describe('finding home servers', () => {
  it('scans the TV’s /24 and lists servers as they answer, each once, then says it is done', async () => {
    const scanner = fakeScanner();
    const store = createDiscoveryStore({
      localAddress: () => Promise.resolve('127.0.0.5'),
      scan: scanner.scan,
      candidates: [],
      check: () => Promise.reject(new Error('no candidates here')),
    });
    store.getState().start();
    expect(store.getState().phase).toEqual({ kind: 'locating' });
    await settle();
    expect(scanner.scans[0].subnet.prefix).toBe('127.0.0');
    expect(store.getState().phase).toEqual({
      kind: 'scanning',
      subnet: '127.0.0.0/24',
      probed: 0,
      total: 253,
    });

    scanner.scans[0].found(found('http://127.0.0.77:32400', 'a'));
    scanner.scans[0].progress(80);
    expect(store.getState().found.map((server) => server.url)).toEqual(['http://127.0.0.77:32400']);
    expect(discoveryStatusText(store.getState().phase, 1)).toBe(
      'Looking on 127.0.0.0/24… (80 of 253 addresses)',
    );
    scanner.scans[0].found(found('http://127.0.0.78:32400', 'a'));
    expect(store.getState().found).toHaveLength(1);

    scanner.scans[0].finish();
    await settle();
    expect(store.getState().phase).toEqual({ kind: 'finished', subnet: '127.0.0.0/24', peakInFlight: 64 });
    store.getState().start(); // already looked: start() does not scan again
    expect(scanner.scans).toHaveLength(1);
  });

  it('Scan again forgets the list and drops the old scan’s late answers', async () => {
    const scanner = fakeScanner();
    const store = createDiscoveryStore({
      localAddress: () => Promise.resolve('192.168.1.30'),
      scan: scanner.scan,
      candidates: [],
      check: () => Promise.reject(new Error('unused')),
    });
    store.getState().start();
    await settle();
    scanner.scans[0].found(found('http://192.168.1.2:32400', 'old'));
    store.getState().scanAgain();
    expect(scanner.scans[0].cancelled).toBe(true);
    expect(store.getState().found).toEqual([]);
    await settle();
    scanner.scans[0].found(found('http://192.168.1.3:32400', 'late'));
    scanner.scans[1].found(found('http://192.168.1.4:32400', 'new'));
    expect(store.getState().found.map((server) => server.machineIdentifier)).toEqual(['new']);
  });

  it('a browser cannot tell its address: no scan, but the page’s own origin is checked and listed', async () => {
    const scanner = fakeScanner();
    const checked: string[] = [];
    const store = createDiscoveryStore({
      localAddress: () => Promise.resolve(null),
      scan: scanner.scan,
      candidates: ['http://192.168.1.5:32400'],
      check: (url): Promise<IdentityCheck> => {
        checked.push(url);
        return Promise.resolve({ ok: true, server: found(url, 'origin') });
      },
    });
    store.getState().start();
    await settle();
    expect(scanner.scans).toHaveLength(0);
    expect(checked).toEqual(['http://192.168.1.5:32400']);
    expect(store.getState().phase).toEqual({ kind: 'no-address' });
    expect(store.getState().found.map((server) => server.url)).toEqual(['http://192.168.1.5:32400']);
    expect(discoveryStatusText(store.getState().phase, 1)).toContain('Enter the server’s address');
  });

  it('leaving the screen stops the scan; nothing changes afterwards', async () => {
    const scanner = fakeScanner();
    const store = createDiscoveryStore({
      localAddress: () => Promise.resolve('10.0.0.8'),
      scan: scanner.scan,
      candidates: [],
      check: () => Promise.reject(new Error('unused')),
    });
    store.getState().start();
    await settle();
    store.getState().stop();
    expect(scanner.scans[0].cancelled).toBe(true);
    scanner.scans[0].found(found('http://10.0.0.9:32400', 'late'));
    await settle();
    expect(store.getState().found).toEqual([]);
    expect(store.getState().phase).toEqual({ kind: 'idle' });
  });
});

describe('typing an address', () => {
  it('takes digits, dots and colons only, adds http:// and the port, and keeps what answers as Plex', async () => {
    const checks: { url: string; answer: ReturnType<typeof deferred<IdentityCheck>> }[] = [];
    const store = createAddressEntryStore({
      check: (url) => {
        const answer = deferred<IdentityCheck>();
        checks.push({ url, answer });
        return answer.promise;
      },
    });
    for (const char of '10.0.0.9xA/ ') store.getState().type(char);
    expect(store.getState().text).toBe('10.0.0.9');
    store.getState().submit();
    expect(store.getState().phase).toEqual({ kind: 'checking', url: 'http://10.0.0.9:32400' });
    checks[0].answer.resolve({ ok: false, problem: 'nothing-answers' });
    await settle();
    expect(store.getState().phase).toEqual({
      kind: 'editing',
      message: 'Nothing answers at 10.0.0.9:32400. Check the address and that the server is running.',
    });

    store.getState().clear();
    for (const char of '127.0.0.77:41234') store.getState().type(char);
    store.getState().submit();
    expect(checks[1].url).toBe('http://127.0.0.77:41234');
    checks[1].answer.resolve({ ok: true, server: found('http://127.0.0.77:41234', 'srv') });
    await settle();
    expect(store.getState().phase).toEqual({
      kind: 'accepted',
      server: found('http://127.0.0.77:41234', 'srv'),
    });
  });

  it('says what is wrong with a malformed address without asking the network, and names a timeout', async () => {
    const asked: string[] = [];
    const store = createAddressEntryStore({
      check: (url) => {
        asked.push(url);
        return Promise.resolve({ ok: false, problem: 'timed-out' });
      },
    });
    for (const char of '192.168.1') store.getState().type(char);
    store.getState().submit();
    expect(asked).toEqual([]);
    expect(store.getState().phase.kind === 'editing' && store.getState().phase).toMatchObject({
      message: expect.stringContaining('not an address'),
    });
    store.getState().type('.');
    store.getState().type('4');
    store.getState().submit();
    await settle();
    expect(store.getState().phase).toEqual({
      kind: 'editing',
      message: '192.168.1.4:32400 timed out: it did not answer in time.',
    });
  });

  it('typing during a check drops its answer', async () => {
    const answer = deferred<IdentityCheck>();
    const store = createAddressEntryStore({ check: () => answer.promise });
    for (const char of '10.0.0.1') store.getState().type(char);
    store.getState().submit();
    store.getState().backspace();
    answer.resolve({ ok: true, server: found('http://10.0.0.1:32400', 'x') });
    await settle();
    expect(store.getState().phase).toEqual({ kind: 'editing', message: null });
    expect(store.getState().text).toBe('10.0.0.');
  });
});
