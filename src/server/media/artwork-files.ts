import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

// Local artwork beside the media, Plex/Kodi style. All paths here are relative to the media dir, '/'-separated.

const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png'];

/** The first of `names` (without extension) found in `folder`, as a media-relative path. */
function firstImage(mediaDir: string, folder: string, names: string[]): string | null {
  for (const name of names) {
    for (const ext of IMAGE_EXTENSIONS) {
      const relative = folder ? `${folder}/${name}.${ext}` : `${name}.${ext}`;
      if (existsSync(join(mediaDir, relative))) return relative;
    }
  }
  return null;
}

function stemOf(file: string): string {
  return basename(file, extname(file));
}

function folderOf(file: string): string {
  const folder = dirname(file);
  return folder === '.' ? '' : folder;
}

/**
 * A movie's poster and background. `ownFolder` is true when the movie sits in a folder of its own (then
 * poster.jpg / folder.jpg there belong to it); a movie loose in the section folder only has `<name>-poster.jpg`.
 */
export function movieArtwork(
  mediaDir: string,
  file: string,
  ownFolder: boolean,
): { poster: string | null; art: string | null } {
  const folder = folderOf(file);
  const stem = stemOf(file);
  const posterNames = [`${stem}-poster`, stem, ...(ownFolder ? ['poster', 'folder', 'cover', 'movie'] : [])];
  const artNames = [`${stem}-fanart`, ...(ownFolder ? ['fanart', 'background', 'art', 'backdrop'] : [])];
  return { poster: firstImage(mediaDir, folder, posterNames), art: firstImage(mediaDir, folder, artNames) };
}

export function episodeArtwork(mediaDir: string, file: string): string | null {
  return firstImage(mediaDir, folderOf(file), [`${stemOf(file)}-thumb`, stemOf(file)]);
}

export function showArtwork(
  mediaDir: string,
  showFolder: string,
): { poster: string | null; art: string | null } {
  return {
    poster: firstImage(mediaDir, showFolder, ['poster', 'folder', 'show', 'cover']),
    art: firstImage(mediaDir, showFolder, ['fanart', 'background', 'art', 'backdrop']),
  };
}

export function seasonArtwork(
  mediaDir: string,
  showFolder: string,
  seasonFolder: string | null,
  season: number,
): string | null {
  if (seasonFolder) {
    const inFolder = firstImage(mediaDir, seasonFolder, ['poster', 'folder', 'cover']);
    if (inFolder) return inFolder;
  }
  const name = season === 0 ? 'season-specials-poster' : `season${String(season).padStart(2, '0')}-poster`;
  return firstImage(mediaDir, showFolder, [name]);
}

/** The .nfo beside a file (`<name>.nfo`), or the folder's `<fallback>.nfo`. */
export function nfoFor(mediaDir: string, file: string, fallback: string | null): string | null {
  const folder = folderOf(file);
  const candidates = [`${stemOf(file)}.nfo`, ...(fallback ? [`${fallback}.nfo`] : [])];
  for (const name of candidates) {
    const relative = folder ? `${folder}/${name}` : name;
    if (existsSync(join(mediaDir, relative))) return join(mediaDir, relative);
  }
  return null;
}
