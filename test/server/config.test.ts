import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/server/config';

describe('configFromEnv', () => {
  it('has a default for every setting', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 32400,
      host: '0.0.0.0',
      dataDir: '.data',
      publicUrl: null,
      pinTtlSeconds: 900,
      codeLength: 8,
      adminPassword: null,
    });
    expect(config.tvAppDir).toMatch(/dist$/);
    expect(config.emulatorDir).toMatch(/dist-emulator$/);
  });

  it('reads every variable', () => {
    const config = configFromEnv({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/tmp/marquee',
      PUBLIC_URL: 'http://192.168.1.5:8080/',
      PIN_TTL_SECONDS: '600',
      CODE_LENGTH: '4',
      ADMIN_PASSWORD: 'correct horse',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/tmp/marquee',
      publicUrl: 'http://192.168.1.5:8080',
      pinTtlSeconds: 600,
      codeLength: 4,
      adminPassword: 'correct horse',
    });
  });

  it('throws an error naming the variable for a value that cannot be right', () => {
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => configFromEnv({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => configFromEnv({ PIN_TTL_SECONDS: '0' })).toThrow(/PIN_TTL_SECONDS/);
    expect(() => configFromEnv({ CODE_LENGTH: '3' })).toThrow(/CODE_LENGTH/);
    expect(() => configFromEnv({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    expect(() => configFromEnv({ PUBLIC_URL: 'ftp://host' })).toThrow(/PUBLIC_URL/);
    expect(() => configFromEnv({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });
});

describe('TRUST_PROXY and LOG_LEVEL', () => {
  it('are off and info by default', () => {
    expect(configFromEnv({})).toMatchObject({ trustProxy: [], logLevel: 'info' });
  });

  it('read proxy addresses, ranges and presets, and the level', () => {
    expect(
      configFromEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback', LOG_LEVEL: 'DEBUG' }),
    ).toMatchObject({ trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1', 'loopback'], logLevel: 'debug' });
  });

  it('refuse what they cannot use, naming the variable', () => {
    expect(() => configFromEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY .*"true"/);
    expect(() => configFromEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => configFromEnv({ TRUST_PROXY: 'proxy.lan' })).toThrow(/TRUST_PROXY/);
    expect(() => configFromEnv({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of info, debug/);
  });
});
