import { describe, expect, it } from 'vitest';
import { chooseAccountService } from '../../src/tv/account-service';

const served = {
  queryParam: null,
  protocol: 'http:',
  origin: 'http://192.168.1.5:32400',
  packagedDefault: undefined,
};
const packaged = { queryParam: null, protocol: 'file:', origin: 'null', packagedDefault: undefined };

describe('account service choice', () => {
  it('uses ?server= first, without a trailing slash', () => {
    expect(chooseAccountService({ ...served, queryParam: 'https://plex.tv/' })).toEqual({
      ok: true,
      url: 'https://plex.tv',
    });
  });

  it('uses the origin that served the app', () => {
    expect(chooseAccountService(served)).toEqual({ ok: true, url: 'http://192.168.1.5:32400' });
  });

  it('a packaged (file://) app uses the address packaged with it, else says none is configured', () => {
    expect(chooseAccountService({ ...packaged, packagedDefault: 'http://10.0.0.2:32400' })).toEqual({
      ok: true,
      url: 'http://10.0.0.2:32400',
    });
    const none = chooseAccountService(packaged);
    expect(none.ok === false && none.title).toBe('No server configured');
  });

  it('refuses addresses that are not http(s), saying where they came from', () => {
    const bad = chooseAccountService({ ...served, queryParam: 'ftp://nope' });
    expect(bad.ok === false && bad.detail).toContain('?server=');
    const badPackaged = chooseAccountService({ ...packaged, packagedDefault: 'javascript:alert(1)' });
    expect(badPackaged.ok === false && badPackaged.detail).toContain('VITE_MARQUEE_SERVER');
  });
});
