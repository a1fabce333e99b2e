import { basename, extname } from 'node:path';

// Plex naming, read liberally: `Movies/Title (Year)/Title (Year).ext` or `Movies/Title (Year).ext`;
// `TV Shows/Show/Season NN/Show - SxxEyy - Episode Title.ext`, SxxEyy (or 1x02) anywhere, season folder
// optional, `Specials` = season 0.

export const VIDEO_EXTENSIONS = new Set(['mp4', 'm4v', 'mkv', 'mov', 'avi', 'ts', 'webm']);

export function isVideoFile(name: string): boolean {
  return !name.startsWith('.') && VIDEO_EXTENSIONS.has(extname(name).slice(1).toLowerCase());
}

export interface MovieName {
  title: string;
  year: number | null;
}

/** A movie from its path inside the section folder ('/'-separated). */
export function parseMovie(relativePath: string): MovieName {
  const parts = relativePath.split('/');
  const fromFile = titleAndYear(stem(parts[parts.length - 1]));
  if (fromFile.year !== null || parts.length < 2) return fromFile;
  const fromFolder = titleAndYear(parts[parts.length - 2]);
  return fromFolder.year !== null ? fromFolder : fromFile;
}

export interface EpisodeName {
  show: string;
  season: number;
  episode: number;
  title: string | null;
}

/** An episode from its path inside the section folder, or null when it names no episode number. */
export function parseEpisode(relativePath: string): EpisodeName | null {
  const parts = relativePath.split('/');
  const file = stem(parts[parts.length - 1]);
  const folders = parts.slice(0, -1);
  const seasonFolder = folders.length > 0 ? seasonOfFolder(folders[folders.length - 1]) : null;
  const showFolder = folders.find((folder) => seasonOfFolder(folder) === null) ?? null;

  let season: number | null = null;
  let episode: number | null = null;
  let before = '';
  let after = '';
  const sxe = /(?:^|[^a-z0-9])s(\d{1,3})[ ._-]?e(\d{1,4})(?:-?e\d{1,4})*(?=$|[^a-z0-9])/i.exec(file);
  const nxn = sxe ? null : /(?:^|[^a-z0-9])(\d{1,2})x(\d{1,3})(?=$|[^a-z0-9])/i.exec(file);
  const match = sxe ?? nxn;
  if (match) {
    season = Number(match[1]);
    episode = Number(match[2]);
    before = file.slice(0, match.index);
    after = file.slice(match.index + match[0].length);
  } else if (seasonFolder !== null) {
    const bare = /^(?:e|ep|episode)?[ ._-]?(\d{1,4})(?=$|[^0-9])/i.exec(file);
    if (!bare) return null;
    season = seasonFolder;
    episode = Number(bare[1]);
    after = file.slice(bare[0].length);
  } else {
    return null;
  }
  const show = showFolder ?? cleanTitle(before);
  if (!show) return null;
  const title = cleanTitle(after.replace(/^[\s._-]+/, ''));
  return { show, season, episode, title: title || null };
}

/** `Season 1`, `Season 01`, `S01`, `Specials` (0); null for any other folder. */
export function seasonOfFolder(name: string): number | null {
  if (/^specials?$/i.test(name.trim())) return 0;
  const match = /^(?:season|series|staffel|saison|s)[ ._-]*(\d{1,3})$/i.exec(name.trim());
  return match ? Number(match[1]) : null;
}

/** Sort title: leading "The ", "A ", "An " dropped (Plex's titleSort). */
export function titleSortOf(title: string): string {
  return title.replace(/^(the|a|an)\s+/i, '').trim() || title;
}

function stem(fileName: string): string {
  return basename(fileName, extname(fileName));
}

function titleAndYear(name: string): MovieName {
  const paren = /^(.*?)[\s._]*[([](\d{4})[)\]]/.exec(name);
  if (paren && isYear(paren[2])) return { title: cleanTitle(paren[1]) || name, year: Number(paren[2]) };
  const dotted = /^(.+?)[\s._-]+((?:19|20)\d{2})(?=$|[\s._-])/.exec(name);
  if (dotted) return { title: cleanTitle(dotted[1]), year: Number(dotted[2]) };
  return { title: cleanTitle(name) || name, year: null };
}

function isYear(text: string): boolean {
  const year = Number(text);
  return year >= 1880 && year <= 2100;
}

/** Dots and underscores as word separators (only when the name has no spaces), trailing dashes trimmed. */
function cleanTitle(text: string): string {
  const spaced = text.includes(' ') ? text : text.replace(/[._]+/g, ' ');
  return spaced.replace(/^[\s-]+|[\s-]+$/g, '').trim();
}
