import { describe, expect, it } from 'vitest';
import { displayAddress, parseIPv4, serverUrlFromTyped } from '../../src/plex/server-address';

describe('a typed server address', () => {
  it('gets http:// and, with no port, Plex’s 32400', () => {
    expect(serverUrlFromTyped('192.168.1.20')).toEqual({ ok: true, url: 'http://192.168.1.20:32400' });
    expect(serverUrlFromTyped(' 192.168.1.20:8080 ')).toEqual({ ok: true, url: 'http://192.168.1.20:8080' });
    expect(serverUrlFromTyped('127.0.0.77:41234/')).toEqual({ ok: true, url: 'http://127.0.0.77:41234' });
  });

  it('keeps a typed scheme and that scheme’s own default port', () => {
    expect(serverUrlFromTyped('https://media.example.org')).toEqual({
      ok: true,
      url: 'https://media.example.org',
    });
    expect(serverUrlFromTyped('HTTP://Box.local:32400')).toEqual({ ok: true, url: 'http://box.local:32400' });
  });

  it('refuses what is not an address, saying why', () => {
    for (const typed of [
      '',
      '192.168.1',
      '300.1.1.1',
      '1.2.3.4:99999',
      '1.2.3.4:0',
      'a b',
      '..',
      'ftp://x',
    ]) {
      const answer = serverUrlFromTyped(typed);
      expect(answer.ok, typed).toBe(false);
      expect(answer.ok === false && answer.message.length).toBeGreaterThan(5);
    }
  });

  it('reads IPv4 addresses and shows addresses without the scheme', () => {
    expect(parseIPv4('10.0.0.255')).toEqual([10, 0, 0, 255]);
    expect(parseIPv4('10.0.0')).toBeNull();
    expect(parseIPv4('10.0.0.256')).toBeNull();
    expect(displayAddress('http://127.0.0.77:41234/')).toBe('127.0.0.77:41234');
  });
});
