// Activation codes: the short code a TV shows and a person types on /link.
// RFC 8628 §6.1: base-20, no vowels (no words) and no look-alikes (0/O, 1/I/L are absent).

export const CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const DEFAULT_CODE_LENGTH = 8;
/** Plex's own plex.tv/link codes are 4 characters; a setting selects this length. */
export const PLEX_CODE_LENGTH = 4;

/** Uppercases and drops spaces and dashes, so `bdkw-qhmt`, `BDKW QHMT` and `bdkwqhmt` are one code. */
export function normalizeCode(input: string): string {
  return input.replace(/[\s\-–—]+/g, '').toUpperCase();
}

/** True when a normalised code has the given length and only alphabet letters. */
export function isWellFormedCode(code: string, length: number): boolean {
  if (code.length !== length) return false;
  for (let i = 0; i < code.length; i++) {
    if (CODE_ALPHABET.indexOf(code.charAt(i)) < 0) return false;
  }
  return true;
}

/** `BDKWQHMT` → `BDKW-QHMT`: groups of four, easier to read from across a room. */
export function formatCode(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += 4) groups.push(code.slice(i, i + 4));
  return groups.join('-');
}

/** `BDKWQHMT` → `B D K W, Q H M T`: for screen readers, so the code is read letter by letter. */
export function spellCode(code: string): string {
  return formatCode(code)
    .split('-')
    .map((group) => group.split('').join(' '))
    .join(', ');
}

/** A code of `length` letters; `randomIndex(n)` must return a uniform integer in [0, n). */
export function generateCode(length: number, randomIndex: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET.charAt(randomIndex(CODE_ALPHABET.length));
  return code;
}
