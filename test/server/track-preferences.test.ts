import { beforeAll, describe, expect, it } from 'vitest';
import type { PlexUser } from '../../src/protocol/plex-account';
import type { LinkBrowser } from '../support/link-browser';
import { AUDIO, movieServerFixture, SUBTITLE, type WireStream } from '../support/playback-movie';
import { makeMultiTrackMovie } from '../support/tiny-media';
import { adminBrowser, getWithToken } from './helpers';

// The account's track preference, as Plex keeps it on the account's profile: set on the /link website (a CSRF
// form), returned by /api/v2/user's profile, and used by the server's default track choice (forced subtitles in
// the audio's language, else the preference) when the account chose nothing for the part. Item details mark
// the tracks the decision plays. The film: English AC-3 (default), French AAC, English SRT, French forced SRT.

describe('track preferences per account', () => {
  const movie = movieServerFixture({
    prefix: 'marquee-track-preferences-',
    file: 'Movies/Tracks (2023)/Tracks (2023).mkv',
    title: 'Tracks',
    make: makeMultiTrackMovie,
  });
  let browser: LinkBrowser;

  beforeAll(async () => {
    browser = await adminBrowser(movie.server.url);
  });

  const profile = async () => {
    const response = await getWithToken(movie.server.url, '/api/v2/user', movie.token);
    expect(response.status).toBe(200);
    return ((await response.json()) as PlexUser).profile;
  };
  const savePreference = async (audioLanguage: string, subtitleLanguage: string, subtitleMode: string) => {
    const form = await browser.get('/link/preferences');
    expect(form.status).toBe(200);
    return browser.postForm('/link/preferences', {
      csrf: await browser.csrf(),
      audioLanguage,
      subtitleLanguage,
      subtitleMode,
    });
  };
  /** The audio id and the subtitle (id, ' forced' when forced, or 'none') the decision plays. */
  const decide = async (session: string) => {
    const streams = (await movie.decide(session)).part.Stream;
    const selected = (type: number) =>
      streams.find((stream) => stream.streamType === type && stream.selected);
    const audio = selected(AUDIO);
    const subtitle = selected(SUBTITLE);
    return {
      audio: audio?.id,
      subtitle: subtitle ? `${subtitle.id}${subtitle.forced ? ' forced' : ''}` : 'none',
    };
  };
  const ids = () => ({
    english: movie.partId * 1000 + 1,
    french: movie.partId * 1000 + 2,
    englishSubtitles: `${movie.partId * 1000 + 3}`,
    frenchForced: `${movie.partId * 1000 + 4} forced`,
  });

  it('/api/v2/user has the profile: no languages, subtitles only when chosen, until the account sets them', async () => {
    expect(await profile()).toEqual({
      autoSelectAudio: true,
      defaultAudioLanguage: null,
      defaultSubtitleLanguage: null,
      autoSelectSubtitle: 0,
    });
    expect(await decide('pref-none')).toEqual({ audio: ids().english, subtitle: 'none' });
  });

  it('the /link form saves the preference (CSRF checked, bad languages refused with what was typed)', async () => {
    const page = await browser.get('/link/preferences');
    expect(page.body).toContain('Audio and subtitles');
    const forged = await browser.postForm('/link/preferences', {
      csrf: 'forged',
      audioLanguage: 'fr',
      subtitleLanguage: 'en',
      subtitleMode: '2',
    });
    expect(forged.status).toBe(403);
    const bad = await savePreference('french!', 'en', '2');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('french!');
    expect((await savePreference('fr', 'en', '7')).status).toBe(400);
    expect((await savePreference('fr', '', '2')).status).toBe(400);
    expect(await profile()).toMatchObject({ defaultAudioLanguage: null, autoSelectSubtitle: 0 });

    const saved = await savePreference('fre', 'en', '2');
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/link/preferences?saved=1');
    // Kept as two-letter codes, as Plex's profile has them.
    expect(await profile()).toEqual({
      autoSelectAudio: true,
      defaultAudioLanguage: 'fr',
      defaultSubtitleLanguage: 'en',
      autoSelectSubtitle: 2,
    });
    const shown = await browser.get('/link/preferences');
    expect(shown.body).toMatch(/<option value="2" selected>Always/);
    // Signed out: no form, a sign-in page.
    const anonymous = await fetch(`${movie.server.url}/link/preferences`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'audioLanguage=de',
    });
    expect(anonymous.status).toBe(401);
  });

  it('the default choice: forced subtitles in the audio’s language, else the preference', async () => {
    // French audio preferred, English subtitles always: the French audio plays, and its forced French
    // subtitles win over the preference.
    await savePreference('fr', 'en', '2');
    expect(await decide('pref-french')).toEqual({ audio: ids().french, subtitle: ids().frenchForced });
    // No audio preference (the file's English), English subtitles always: the English SRT.
    await savePreference('', 'en', '2');
    expect(await decide('pref-always')).toEqual({ audio: ids().english, subtitle: ids().englishSubtitles });
    // English subtitles with foreign audio only: the audio is English, so none.
    await savePreference('', 'en', '1');
    expect(await decide('pref-foreign-same')).toEqual({ audio: ids().english, subtitle: 'none' });
    // French subtitles with foreign audio: English audio is foreign, so the French ones show.
    await savePreference('', 'fr', '1');
    expect(await decide('pref-foreign')).toEqual({ audio: ids().english, subtitle: ids().frenchForced });
    // Only when chosen: none.
    await savePreference('fr', 'en', '0');
    expect(await decide('pref-manual')).toEqual({ audio: ids().french, subtitle: ids().frenchForced });
    await savePreference('', 'en', '0');
    expect(await decide('pref-manual-english')).toEqual({ audio: ids().english, subtitle: 'none' });
  });

  it('a choice made for the part wins over the preference; item details mark the tracks that play', async () => {
    await savePreference('fr', 'en', '2');
    const detail = async () => {
      const response = await getWithToken(
        movie.server.url,
        `/library/metadata/${movie.ratingKey}`,
        movie.token,
      );
      expect(response.status).toBe(200);
      const streams = (await response.json()).MediaContainer.Metadata[0].Media[0].Part[0]
        .Stream as WireStream[];
      return streams
        .filter((stream) => stream.selected)
        .map((stream) => stream.id)
        .sort();
    };
    // By the preference: French audio, its forced subtitles (the file's default audio is English).
    expect(await detail()).toEqual([ids().french, movie.partId * 1000 + 4]);
    const chosen = await fetch(
      `${movie.server.url}/library/parts/${movie.partId}?audioStreamID=${ids().english}&subtitleStreamID=0&X-Plex-Token=${movie.token}`,
      { method: 'PUT' },
    );
    expect(chosen.status).toBe(200);
    expect(await decide('pref-chosen')).toEqual({ audio: ids().english, subtitle: 'none' });
    expect(await detail()).toEqual([ids().english]);
    const french = await fetch(
      `${movie.server.url}/library/parts/${movie.partId}?audioStreamID=${ids().french}&X-Plex-Token=${movie.token}`,
      { method: 'PUT' },
    );
    expect(french.status).toBe(200);
    expect(await detail()).toEqual([ids().french]);
  });
});
