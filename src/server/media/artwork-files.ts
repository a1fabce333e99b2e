import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { resolveMediaPath } from './playback/safe-media-path';

// Local artwork beside the media, Plex/Kodi style. All paths here are relative to the media dir, '/'-separated.
// An image or .nfo counts only when resolveMediaPath accepts it, the rule that decides what plays: one that is
// a symlink out of the media dir is never read nor served.

const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png'];

/** The first of `names` (without extension) found in `folder`, as a media-relative path. */
async function firstImage(mediaDir: string, folder: string, names: string[]): Promise<string | null> {
  for (const name of names) {
    for (const ext of IMAGE_EXTENSIONS) {
      const relative = folder ? `${folder}/${name}.${ext}` : `${name}.${ext}`;
      // Most candidates are absent: a cheap look first, the full rule only for what is there.
      if (existsSync(join(mediaDir, relative)) && (await resolveMediaPath(mediaDir, relative)).ok)
        return relative;
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
export async function movieArtwork(
  mediaDir: string,
  file: string,
  ownFolder: boolean,
): Promise<{ poster: string | null; art: string | null }> {
  const folder = folderOf(file);
  const stem = stemOf(file);
  const posterNames = [`${stem}-poster`, stem, ...(ownFolder ? ['poster', 'folder', 'cover', 'movie'] : [])];
  const artNames = [`${stem}-fanart`, ...(ownFolder ? ['fanart', 'background', 'art', 'backdrop'] : [])];
  return {
    poster: await firstImage(mediaDir, folder, posterNames),
    art: await firstImage(mediaDir, folder, artNames),
  };
}

export function episodeArtwork(mediaDir: string, file: string): Promise<string | null> {
  return firstImage(mediaDir, folderOf(file), [`${stemOf(file)}-thumb`, stemOf(file)]);
}

export async function showArtwork(
  mediaDir: string,
  showFolder: string,
): Promise<{ poster: string | null; art: string | null }> {
  return {
    poster: await firstImage(mediaDir, showFolder, ['poster', 'folder', 'show', 'cover']),
    art: await firstImage(mediaDir, showFolder, ['fanart', 'background', 'art', 'backdrop']),
  };
}

export async function seasonArtwork(
  mediaDir: string,
  showFolder: string,
  seasonFolder: string | null,
  season: number,
): Promise<string | null> {
  if (seasonFolder) {
    const inFolder = await firstImage(mediaDir, seasonFolder, ['poster', 'folder', 'cover']);
    if (inFolder) return inFolder;
  }
  const name = season === 0 ? 'season-specials-poster' : `season${String(season).padStart(2, '0')}-poster`;
  return firstImage(mediaDir, showFolder, [name]);
}

/** The .nfo beside a file (`<name>.nfo`), or the folder's `<fallback>.nfo`: its real path, to read. */
export async function nfoFor(
  mediaDir: string,
  file: string,
  fallback: string | null,
): Promise<string | null> {
  const folder = folderOf(file);
  const candidates = [`${stemOf(file)}.nfo`, ...(fallback ? [`${fallback}.nfo`] : [])];
  for (const name of candidates) {
    const relative = folder ? `${folder}/${name}` : name;
    if (!existsSync(join(mediaDir, relative))) continue;
    const found = await resolveMediaPath(mediaDir, relative);
    if (found.ok) return found.path;
  }
  return null;
}

/** A show folder's tvshow.nfo: its real path, to read; null when there is none (or it links out). */
export async function showNfoFor(mediaDir: string, showFolder: string): Promise<string | null> {
  const found = await resolveMediaPath(mediaDir, `${showFolder}/tvshow.nfo`);
  return found.ok ? found.path : null;
}
