import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { APP_VERSION } from '../../src/tv/app-version';

// APP_VERSION is a constant so the TV bundle does not import package.json; this keeps the two equal.
describe('APP_VERSION', () => {
  it('equals package.json "version"', () => {
    expect(APP_VERSION).toBe(pkg.version);
  });
});
