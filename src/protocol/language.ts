// Language codes as media files carry them: Matroska stores ISO 639-2 ("eng", "fre"), subtitle file names use
// ISO 639-1 ("en"), and some add a region ("en-US"). The server (choosing default tracks, naming them) and the TV
// (carrying a chosen language to the next title) compare them the same way.

const TWO_LETTER: Record<string, string> = {
  eng: 'en',
  fre: 'fr',
  fra: 'fr',
  ger: 'de',
  deu: 'de',
  spa: 'es',
  ita: 'it',
  jpn: 'ja',
  por: 'pt',
  dut: 'nl',
  nld: 'nl',
  swe: 'sv',
  nor: 'no',
  dan: 'da',
  fin: 'fi',
  pol: 'pl',
  rus: 'ru',
  chi: 'zh',
  zho: 'zh',
  kor: 'ko',
};

/** The two-letter code where one is known ("fre-FR" → "fr"); else the code in lower case without its region. */
export function normalLanguage(code: string): string {
  const lower = code.toLowerCase().split('-')[0];
  return TWO_LETTER[lower] ?? lower;
}

/** True when both codes name the same language; never for a missing one. */
export function sameLanguage(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b) && normalLanguage(a as string) === normalLanguage(b as string);
}
