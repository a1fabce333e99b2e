import { describe, expect, it } from 'vitest';
import type { FoundServer, IdentityCheck } from '../../src/plex/identity-check';
import { scanSubnet, subnetOf } from '../../src/plex/lan-scan';

/** A check the test answers by hand, recording what is in flight. */
function manualCheck() {
  const pending: { url: string; answer(check: IdentityCheck): void; aborted: () => boolean }[] = [];
  let inFlight = 0;
  let peak = 0;
  const check = (url: string, signal: { aborted: boolean }) =>
    new Promise<IdentityCheck>((resolve) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      pending.push({
        url,
        aborted: () => signal.aborted,
        answer: (answer) => {
          inFlight--;
          resolve(answer);
        },
      });
    });
  return { check, pending, peak: () => peak };
}

const silent: IdentityCheck = { ok: false, problem: 'timed-out' };
const server = (url: string, id: string): IdentityCheck => ({
  ok: true,
  server: { url, machineIdentifier: id, name: '' },
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the TV’s /24', () => {
  it('is every host address but the TV’s own, .1 to .254', () => {
    const subnet = subnetOf('127.0.0.5');
    expect(subnet?.prefix).toBe('127.0.0');
    expect(subnet?.hosts).toHaveLength(253);
    expect(subnet?.hosts[0]).toBe('127.0.0.1');
    expect(subnet?.hosts).not.toContain('127.0.0.5');
    expect(subnet?.hosts[252]).toBe('127.0.0.254');
  });

  it('is unknown without a usable IPv4 address', () => {
    for (const address of [null, '', '0.0.0.0', '192.168.1', 'fe80::1', '300.1.2.3']) {
      expect(subnetOf(address), String(address)).toBeNull();
    }
  });
});

describe('scanning a /24', () => {
  it('keeps at most `concurrency` requests in flight and reports servers as they answer, each once', async () => {
    const manual = manualCheck();
    const found: FoundServer[] = [];
    const progress: number[] = [];
    const scan = scanSubnet({
      subnet: {
        prefix: '127.0.0',
        hosts: ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.77'],
      },
      port: 41234,
      concurrency: 2,
      check: manual.check,
      onFound: (answer) => found.push(answer),
      onProgress: (probed) => progress.push(probed),
    });
    expect(manual.pending.map((call) => call.url)).toEqual([
      'http://127.0.0.1:41234',
      'http://127.0.0.2:41234',
    ]);

    manual.pending[1].answer(server('http://127.0.0.2:41234', 'same-box'));
    await settle();
    expect(found.map((answer) => answer.url)).toEqual(['http://127.0.0.2:41234']);
    expect(manual.pending[2].url).toBe('http://127.0.0.3:41234'); // the freed slot took the next address

    manual.pending[0].answer(silent);
    await settle();
    manual.pending[2].answer(server('http://127.0.0.3:41234', 'same-box')); // the same server again: not listed twice
    await settle();
    manual.pending[3].answer(silent);
    await settle();
    manual.pending[4].answer(server('http://127.0.0.77:41234', 'other-box'));

    const summary = await scan.done;
    expect(found.map((answer) => answer.machineIdentifier)).toEqual(['same-box', 'other-box']);
    expect(summary).toEqual({ probed: 5, total: 5, found: 2, peakInFlight: 2, cancelled: false });
    expect(manual.peak()).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('a failing check counts as silence, not a crash', async () => {
    const scan = scanSubnet({
      subnet: subnetOf('10.1.2.3') ?? { prefix: '', hosts: [] },
      port: 32400,
      concurrency: 64,
      check: () => Promise.reject(new Error('boom')),
      onFound: () => {
        throw new Error('nothing should be found');
      },
    });
    expect(await scan.done).toMatchObject({ probed: 253, found: 0, peakInFlight: 64, cancelled: false });
  });

  it('cancel aborts what is in flight and starts nothing more', async () => {
    const manual = manualCheck();
    const found: FoundServer[] = [];
    const scan = scanSubnet({
      subnet: subnetOf('127.0.0.5') ?? { prefix: '', hosts: [] },
      port: 41234,
      concurrency: 4,
      check: manual.check,
      onFound: (answer) => found.push(answer),
    });
    scan.cancel();
    expect(manual.pending.every((call) => call.aborted())).toBe(true);
    for (const call of manual.pending) call.answer(server(call.url, call.url));
    const summary = await scan.done;
    expect(summary.cancelled).toBe(true);
    expect(manual.pending).toHaveLength(4);
    expect(found).toEqual([]);
  });
});
