import { describe, expect, it } from 'vitest';
import type { ActivationPhase } from '../../src/tv/activation/activation-machine';
import { countdownText, serverName, statusText } from '../../src/tv/screens/activation/activation-text';
import { qrShape } from '../../src/tv/screens/activation/qr-path';

const pin = { id: 1, code: 'BDKWQHMT', qrUrl: '', expiresAt: 900_000, lifetimeMs: 900_000 };

describe('activation screen text', () => {
  it('counts down in minutes and seconds, never below zero', () => {
    expect(countdownText(900_000, 0)).toBe('15:00');
    expect(countdownText(900_000, 872_500)).toBe('0:28');
    expect(countdownText(900_000, 999_999)).toBe('0:00');
  });

  it('names each phase in words, with the retry countdown when the server is away', () => {
    const server = 'home.local:32400';
    const cases: [ActivationPhase, string][] = [
      [{ kind: 'requesting' }, 'Getting a code…'],
      [
        { kind: 'unavailable', attempt: 2, problem: { failure: 'unreachable', retryAt: 4_000 } },
        "Can't reach the server at home.local:32400. Trying again in 4 s.",
      ],
      [
        { kind: 'waiting', pin, renewing: false, problem: null, attempt: 0 },
        'Waiting for you to enter the code…',
      ],
      [
        {
          kind: 'waiting',
          pin,
          renewing: false,
          problem: { failure: 'server-error', retryAt: 1_500 },
          attempt: 1,
        },
        'The server at home.local:32400 has a problem. Trying again in 2 s.',
      ],
      [{ kind: 'confirming', token: 't', problem: null, attempt: 0 }, 'Code accepted. Signing in…'],
      [{ kind: 'linked', token: 't', accountName: 'Ada' }, 'Linked to Ada'],
    ];
    for (const [phase, text] of cases) expect(statusText(phase, 0, server)).toBe(text);
  });

  it('names servers by host', () => {
    expect(serverName('http://192.168.1.5:32400/')).toBe('192.168.1.5:32400');
  });

  it('draws a QR code as one path of modules', () => {
    const shape = qrShape('http://192.168.1.5:32400/link?code=BDKWQHMT');
    expect(shape.size).toBeGreaterThanOrEqual(21);
    expect((shape.size - 17) % 4).toBe(0); // QR versions are 17 + 4v modules wide
    // The top-left finder pattern starts at the quiet zone (4, 4).
    expect(shape.path.startsWith('M4 4h1v1h-1z')).toBe(true);
  });
});
