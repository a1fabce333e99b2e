import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  isSubtitleMode,
  SUBTITLE_MODES,
  type TrackPreference,
  validLanguage,
} from '../db/track-preference-store';
import { stringField } from '../form-fields';
import { html, type SafeHtml } from './html';
import {
  type CsrfBody,
  csrfRejected,
  type FormPage,
  type PagesDeps,
  page,
  signInToContinue,
  TEXT,
} from './pages';
import { errorBox, signInView } from './views';
import { type Visitor, visitorOf } from './web-sessions';

// `/link/preferences`: the account's audio and subtitle languages and when subtitles show (Plex keeps these on
// the account's profile; /api/v2/user returns them and the server's default track choice uses them,
// src/server/media/playback/part-streams.ts).

const MODE_LABELS: [number, string][] = [
  [SUBTITLE_MODES.manual, 'Only when I choose them'],
  [SUBTITLE_MODES.foreignAudio, 'When the audio is in another language'],
  [SUBTITLE_MODES.always, 'Always'],
];

const SAVED_QUERY = { type: 'object', properties: { saved: TEXT } } as const;

/** No field is required: a signed-out visitor's post gets the sign-in page, and the handler checks the values. */
const PREFERENCE_BODY = {
  type: 'object',
  properties: {
    csrf: TEXT,
    audioLanguage: { ...TEXT, title: 'The audio language' },
    subtitleLanguage: { ...TEXT, title: 'The subtitle language' },
    subtitleMode: { ...TEXT, title: 'When subtitles show' },
  },
} as const;

type PreferenceBody = CsrfBody & { audioLanguage?: string; subtitleLanguage?: string; subtitleMode?: string };

export function preferencesView(
  csrf: string,
  preference: TrackPreference,
  typed: { audio: string; subtitles: string } | null = null,
  error: string | null = null,
  saved = false,
): SafeHtml {
  const audio = typed?.audio ?? preference.audioLanguage ?? '';
  const subtitles = typed?.subtitles ?? preference.subtitleLanguage ?? '';
  const modes = MODE_LABELS.map(
    ([value, label]) =>
      html`<option value="${String(value)}"${value === preference.subtitleMode ? html` selected` : ''}>${label}</option>`,
  );
  return html`<h1>Audio and subtitles</h1>
${errorBox(error)}${saved ? html`<p role="status">Saved.</p>` : ''}
<p>What your TVs play when you have not chosen tracks for a video. Languages are codes such as en, fr or de.</p>
<form method="post" action="/link/preferences">
<input type="hidden" name="csrf" value="${csrf}">
<label for="audioLanguage">Audio language (empty: the video's own)</label>
<input id="audioLanguage" name="audioLanguage" value="${audio}" autocapitalize="none" maxlength="6">
<label for="subtitleLanguage">Subtitle language</label>
<input id="subtitleLanguage" name="subtitleLanguage" value="${subtitles}" autocapitalize="none" maxlength="6">
<label for="subtitleMode">Show subtitles</label>
<select id="subtitleMode" name="subtitleMode">${modes}</select>
<button type="submit">Save</button>
</form>`;
}

export function registerPreferencePages(app: FastifyInstance, deps: PagesDeps): void {
  const { sessions, trackPreferences } = deps;

  /** The form again with the languages typed, for the signed-in account (anyone else: a plain page). */
  const formAgain = (request: FastifyRequest, visitor: Visitor, message: string): FormPage | null => {
    if (!visitor.account) return null;
    const typed = {
      audio: stringField(request.body, 'audioLanguage'),
      subtitles: stringField(request.body, 'subtitleLanguage'),
    };
    const current = trackPreferences.get(visitor.account.id);
    return { title: 'Audio and subtitles', body: preferencesView(visitor.csrf, current, typed, message) };
  };

  app.get<{ Querystring: { saved?: string } }>(
    '/link/preferences',
    { schema: { querystring: SAVED_QUERY } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      if (!visitor.account)
        return page(reply, 200, 'Sign in', signInView(visitor.csrf, { code: '', next: 'link' }), visitor);
      const saved = request.query.saved === '1';
      const body = preferencesView(visitor.csrf, trackPreferences.get(visitor.account.id), null, null, saved);
      return page(reply, 200, 'Audio and subtitles', body, visitor);
    },
  );

  app.post<{ Body: PreferenceBody }>(
    '/link/preferences',
    { schema: { body: PREFERENCE_BODY }, config: { formAgain } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      if (!visitor.account) return signInToContinue(reply, visitor, { code: '', next: 'link' });
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      const audio = (request.body.audioLanguage ?? '').trim();
      const subtitles = (request.body.subtitleLanguage ?? '').trim();
      const mode = Number(request.body.subtitleMode ?? '');
      const current = trackPreferences.get(visitor.account.id);
      const problem =
        (audio !== '' && !validLanguage(audio)) || (subtitles !== '' && !validLanguage(subtitles))
          ? 'A language is a code of 2 or 3 letters, such as en, fr or deu.'
          : !isSubtitleMode(mode)
            ? 'Choose when subtitles show.'
            : mode !== SUBTITLE_MODES.manual && subtitles === ''
              ? 'Give a subtitle language for subtitles to show without being chosen.'
              : null;
      if (problem || !isSubtitleMode(mode)) {
        const body = preferencesView(visitor.csrf, current, { audio, subtitles }, problem);
        return page(reply, 400, 'Audio and subtitles', body, visitor);
      }
      trackPreferences.set(visitor.account.id, {
        autoSelectAudio: current.autoSelectAudio,
        audioLanguage: audio === '' ? null : audio,
        subtitleLanguage: subtitles === '' ? null : subtitles,
        subtitleMode: mode,
      });
      return reply.redirect('/link/preferences?saved=1', 303);
    },
  );
}
