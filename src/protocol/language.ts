// Language codes as media files carry them: Matroska stores ISO 639-2 ("eng", "fre"), subtitle file names use
// ISO 639-1 ("en"), and some add a region ("en-US"). The server (choosing default tracks, naming them) and the TV
// (carrying a chosen language to the next title) compare them the same way. PMS names a stream's language in
// English ("French") with its ISO 639-2/T code ("fra") and BCP-47 tag ("fr") beside it
// (docs/protocol.md#stream-languages).

interface KnownLanguage {
  /** BCP-47 / ISO 639-1: "fr". */
  tag: string;
  /** ISO 639-2/T, as PMS sends languageCode: "fra". */
  code: string;
  /** ISO 639-2/B where it differs: "fre". */
  bibliographic?: string;
  /** The English name PMS shows: "French". */
  name: string;
}

const KNOWN_LANGUAGES: readonly KnownLanguage[] = [
  { tag: 'en', code: 'eng', name: 'English' },
  { tag: 'fr', code: 'fra', bibliographic: 'fre', name: 'French' },
  { tag: 'de', code: 'deu', bibliographic: 'ger', name: 'German' },
  { tag: 'es', code: 'spa', name: 'Spanish' },
  { tag: 'it', code: 'ita', name: 'Italian' },
  { tag: 'ja', code: 'jpn', name: 'Japanese' },
  { tag: 'pt', code: 'por', name: 'Portuguese' },
  { tag: 'nl', code: 'nld', bibliographic: 'dut', name: 'Dutch' },
  { tag: 'sv', code: 'swe', name: 'Swedish' },
  { tag: 'no', code: 'nor', name: 'Norwegian' },
  { tag: 'da', code: 'dan', name: 'Danish' },
  { tag: 'fi', code: 'fin', name: 'Finnish' },
  { tag: 'pl', code: 'pol', name: 'Polish' },
  { tag: 'ru', code: 'rus', name: 'Russian' },
  { tag: 'zh', code: 'zho', bibliographic: 'chi', name: 'Chinese' },
  { tag: 'ko', code: 'kor', name: 'Korean' },
];

/** Every spelling (tag, both 639-2 codes, the English name; lower case) → the language. */
const BY_SPELLING = new Map<string, KnownLanguage>();
for (const language of KNOWN_LANGUAGES) {
  for (const spelling of [language.tag, language.code, language.bibliographic, language.name]) {
    if (spelling) BY_SPELLING.set(spelling.toLowerCase(), language);
  }
}

function knownLanguage(code: string): KnownLanguage | undefined {
  const lower = code.trim().toLowerCase();
  return BY_SPELLING.get(lower) ?? BY_SPELLING.get(lower.split('-')[0]);
}

/** The two-letter code where one is known ("fre-FR" → "fr"); else the code in lower case without its region. */
export function normalLanguage(code: string): string {
  return knownLanguage(code)?.tag ?? code.toLowerCase().split('-')[0];
}

/** True when both codes name the same language; never for a missing one. */
export function sameLanguage(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b) && normalLanguage(a as string) === normalLanguage(b as string);
}

/** A stream's language as PMS shows it: `language` (English name), `languageCode` (639-2/T), `languageTag`. */
export interface PlexLanguage {
  language: string;
  languageCode: string;
  languageTag: string;
}

/**
 * The PMS fields for a code from a file ("fre", "fr", "en-US"). An unknown code is passed on as it is (its
 * tag is the code without a region), so nothing the file says is lost.
 */
export function plexLanguage(code: string): PlexLanguage {
  const known = knownLanguage(code);
  if (known) return { language: known.name, languageCode: known.code, languageTag: known.tag };
  const lower = code.trim().toLowerCase();
  return { language: code.trim(), languageCode: lower.split('-')[0], languageTag: lower };
}
