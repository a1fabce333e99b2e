import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  formatCode,
  generateCode,
  isWellFormedCode,
  normalizeCode,
  spellCode,
} from '../../src/protocol/activation-code';

describe('activation codes', () => {
  it('uses 20 consonants with no vowels and no look-alikes', () => {
    expect(CODE_ALPHABET).toHaveLength(20);
    expect(new Set(CODE_ALPHABET).size).toBe(20);
    expect(CODE_ALPHABET).not.toMatch(/[AEIOUY0-9]/); // no words, no 0/O or 1/I confusion
  });

  it('ignores case, spaces and dashes', () => {
    for (const typed of ['bdkw-qhmt', 'BDKW QHMT', ' bdkwqhmt ', 'Bd-Kw-Qh-Mt', 'bdkw–qhmt']) {
      expect(normalizeCode(typed)).toBe('BDKWQHMT');
    }
  });

  it('accepts only alphabet letters of the right length', () => {
    expect(isWellFormedCode('BDKWQHMT', 8)).toBe(true);
    expect(isWellFormedCode('BDKWQHM', 8)).toBe(false);
    expect(isWellFormedCode('BDKWQHMA', 8)).toBe(false); // a vowel
    expect(isWellFormedCode('BDKWQHM0', 8)).toBe(false);
    expect(isWellFormedCode('BDKW', 4)).toBe(true);
  });

  it('groups by four for the screen and spells letter by letter for screen readers', () => {
    expect(formatCode('BDKWQHMT')).toBe('BDKW-QHMT');
    expect(formatCode('BDKW')).toBe('BDKW');
    expect(spellCode('BDKWQHMT')).toBe('B D K W, Q H M T');
  });

  it('generates codes from the alphabet with the given random source', () => {
    let i = 0;
    const code = generateCode(8, (n) => i++ % n);
    expect(code).toBe('BCDFGHJK');
    expect(
      isWellFormedCode(
        generateCode(8, (n) => Math.floor(Math.random() * n)),
        8,
      ),
    ).toBe(true);
  });
});
