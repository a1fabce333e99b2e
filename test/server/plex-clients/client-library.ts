import { startMediaServer, type TestServer } from '../../support/home-server';
import { createMediaFixture, type MediaFixture } from '../../support/media-fixtures';
import { linkTv, newTv, type TvIdentity } from '../helpers';

// The library every Plex client library's test browses: four movies (two of 2010, so a year filter has two
// answers to sort) and one show of two seasons, scanned from real clips by a real home server.

export const MOVIES = [
  { title: 'Amber Road', year: 2001 },
  { title: 'Blue Harbour', year: 2010 },
  { title: 'Copper Sky', year: 2010 },
  { title: 'The Distant Shore', year: 2019 },
] as const;

/**
 * .nfo files beside two of the movies (the others have none): genres, one actor and, for Copper Sky, its IMDb
 * id (src/server/media/nfo.ts reads them; docs/protocol.md#tags-from-nfo-files).
 */
export const MOVIE_NFOS: Record<
  string,
  { genres: string[]; actor: { name: string; role: string }; imdb?: string }
> = {
  'Blue Harbour': { genres: ['Drama', 'Mystery'], actor: { name: 'Ada Stone', role: 'Harbour Master' } },
  'Copper Sky': {
    genres: ['Comedy', 'Drama'],
    actor: { name: 'Ben Marsh', role: 'Pilot' },
    imdb: 'tt0111161',
  },
};

export const SHOW = {
  title: 'Night Watch',
  episodes: [
    { season: 1, episode: 1, title: 'First Shift' },
    { season: 1, episode: 2, title: 'Second Shift' },
    { season: 2, episode: 1, title: 'New Rota' },
  ],
} as const;

export interface ClientLibrary {
  server: TestServer;
  media: MediaFixture;
  /** The owner's token, linked as a TV would link. */
  token: string;
  tv: TvIdentity;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startClientLibrary(): Promise<ClientLibrary> {
  const media = await createMediaFixture('marquee-plex-clients-');
  for (const { title, year } of MOVIES) {
    // 2 s clips: long enough that a timeline at 0.8 s is "in progress", not watched.
    await media.add(`Movies/${title} (${year})/${title} (${year}).mp4`, 'mp4-2s');
    const nfo = MOVIE_NFOS[title];
    if (nfo) {
      await media.addText(
        `Movies/${title} (${year})/${title} (${year}).nfo`,
        `<movie><title>${title}</title>${nfo.genres.map((genre) => `<genre>${genre}</genre>`).join('')}` +
          `<actor><name>${nfo.actor.name}</name><role>${nfo.actor.role}</role></actor>` +
          (nfo.imdb ? `<uniqueid type="imdb" default="true">${nfo.imdb}</uniqueid>` : '') +
          '</movie>',
      );
    }
  }
  for (const { season, episode, title } of SHOW.episodes) {
    const code = `S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}`;
    await media.add(
      `TV Shows/${SHOW.title}/Season ${String(season).padStart(2, '0')}/${SHOW.title} - ${code} - ${title}.mp4`,
    );
  }
  const server = await startMediaServer(media.dir);
  const tv = newTv('Plex Client Test');
  const { token } = await linkTv(server.url, tv);
  return {
    server,
    media,
    token,
    tv,
    url: server.url,
    port: server.port,
    async close() {
      await server.close();
      await media.remove();
    },
  };
}
