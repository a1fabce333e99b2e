import { describe, expect, it } from 'vitest';
import { chooseAccountService, choosePlexTv, chooseScanPort } from '../../src/tv/account-service';

const served = {
  queryParam: null,
  remembered: null,
  protocol: 'http:',
  origin: 'http://192.168.1.5:32400',
  packagedDefault: undefined,
};
const packaged = {
  queryParam: null,
  remembered: null,
  protocol: 'file:',
  origin: 'null',
  packagedDefault: undefined,
};

describe('account service choice', () => {
  it('uses ?server= first, without a trailing slash', () => {
    expect(
      chooseAccountService({
        ...served,
        remembered: 'http://10.0.0.9:32400',
        queryParam: 'https://plex.tv/',
      }),
    ).toEqual({ kind: 'chosen', url: 'https://plex.tv', source: 'query' });
  });

  it('then the server the viewer chose on this TV, before the origin and the build', () => {
    const remembered = 'http://10.0.0.9:32400';
    expect(chooseAccountService({ ...served, remembered })).toEqual({
      kind: 'chosen',
      url: remembered,
      source: 'remembered',
    });
    expect(
      chooseAccountService({ ...packaged, remembered, packagedDefault: 'http://10.0.0.2:32400' }),
    ).toEqual({ kind: 'chosen', url: remembered, source: 'remembered' });
  });

  it('uses the origin that served the app', () => {
    expect(chooseAccountService(served)).toEqual({
      kind: 'chosen',
      url: 'http://192.168.1.5:32400',
      source: 'origin',
    });
  });

  it('a packaged (file://) app uses the address built in, else it is a first run (the welcome screen)', () => {
    expect(chooseAccountService({ ...packaged, packagedDefault: 'http://10.0.0.2:32400' })).toEqual({
      kind: 'chosen',
      url: 'http://10.0.0.2:32400',
      source: 'build',
    });
    expect(chooseAccountService(packaged)).toEqual({ kind: 'first-run' });
  });

  it('refuses addresses that are not http(s), saying where they came from', () => {
    const bad = chooseAccountService({ ...served, queryParam: 'ftp://nope' });
    expect(bad.kind === 'invalid' && bad.detail).toContain('?server=');
    const badPackaged = chooseAccountService({ ...packaged, packagedDefault: 'javascript:alert(1)' });
    expect(badPackaged.kind === 'invalid' && badPackaged.detail).toContain('VITE_MARQUEE_SERVER');
    // A damaged remembered choice is skipped, not fatal.
    expect(chooseAccountService({ ...packaged, remembered: 'not a url' })).toEqual({ kind: 'first-run' });
  });
});

describe('where Sign in with Plex goes', () => {
  it('is https://plex.tv unless ?plextv= or the build says otherwise', () => {
    expect(choosePlexTv(null, undefined)).toEqual({ ok: true, url: 'https://plex.tv' });
    expect(choosePlexTv(null, 'http://10.0.0.3:8080/')).toEqual({ ok: true, url: 'http://10.0.0.3:8080' });
    expect(choosePlexTv('http://127.0.0.1:4000', 'http://10.0.0.3:8080')).toEqual({
      ok: true,
      url: 'http://127.0.0.1:4000',
    });
    const bad = choosePlexTv('plex', undefined);
    expect(bad.ok === false && bad.detail).toContain('?plextv=');
  });

  it('the LAN scan port is 32400 unless ?scanport= or the build gives a valid one', () => {
    expect(chooseScanPort(null, undefined)).toBe(32400);
    expect(chooseScanPort('41234', '5000')).toBe(41234);
    expect(chooseScanPort(null, '5000')).toBe(5000);
    expect(chooseScanPort('0', undefined)).toBe(32400);
    expect(chooseScanPort('70000', undefined)).toBe(32400);
    expect(chooseScanPort('12ab', undefined)).toBe(32400);
  });
});
