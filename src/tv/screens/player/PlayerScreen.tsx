import { useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { formatClock } from '../../../plex/library-model';
import { PlexPlaybackClient } from '../../../plex/playback-client';
import type { PlexMetadata } from '../../../protocol/plex-media';
import { appServices } from '../../app-services';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { claimKeys, navigation } from '../../navigation/app-navigation';
import type { Screen } from '../../navigation/navigation-store';
import { nextEpisodeKey } from '../../player/next-episode';
import { playbackProfile } from '../../player/playback-profile';
import { PlayerController } from '../../player/player-controller';
import { initialPlayerModel, type PlayerModel } from '../../player/player-machine';
import { activeCues } from '../../player/subtitle-cues';
import { type LibraryServer, libraryServer } from '../../stores/library-server';
import './player.css';

type PlayerEntry = Extract<Screen, { name: 'player' }>;

const SURFACE_KEY = 'player-surface';
const BACK_KEY = 'player-back';

/** Full-screen playback: the <video>, controls that come with any key and fade, errors in words. */
export function PlayerScreen({ screen }: { screen: PlayerEntry }) {
  const server = useStore(libraryServer, (state) => state.server);
  return (
    <FocusScreen focusKey="player" initialFocusKey={SURFACE_KEY} testId="player" className="player">
      {server ? (
        <Playback screen={screen} server={server} />
      ) : (
        <PlayerFailure message="No media server is connected." />
      )}
    </FocusScreen>
  );
}

function Playback({ screen, server }: { screen: PlayerEntry; server: LibraryServer }) {
  const video = useRef<HTMLVideoElement>(null);
  const [model, setModel] = useState<PlayerModel>(initialPlayerModel);
  const [item, setItem] = useState<PlexMetadata | null>(null);
  const [now, setNow] = useState(0);
  const { ref: surface } = useFocusable({ focusKey: SURFACE_KEY });

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const { platform, session, clock } = appServices();
    let controller: PlayerController | null = null;
    let cancelled = false;
    const releaseKeys = claimKeys(
      (command, phase, repeat) => controller?.key(command, phase, repeat) ?? false,
    );
    const stopWatchingVisibility = platform.onVisibilityChange((visible) => {
      if (!visible) controller?.hidden();
    });
    // Samsung: media keys registered only while the player is up (docs/platforms.md#tizen-key-registration).
    platform.registerMediaKeys();

    (async () => {
      const metadata = await server.api.metadata(screen.ratingKey).catch(() => null);
      if (cancelled) return;
      if (!metadata) {
        setModel({
          ...initialPlayerModel,
          status: 'failed',
          failure: 'This title is no longer in the library.',
        });
        return;
      }
      setItem(metadata);
      const next = await nextEpisodeKey(server.api, metadata);
      if (cancelled) return;
      const identity = session.getState().identity;
      controller = new PlayerController({
        video: element,
        playback: new PlexPlaybackClient({ baseUrl: server.uri, token: server.token ?? '', identity }),
        ratingKey: screen.ratingKey,
        durationMs: Number(metadata.duration) || 0,
        startMs: screen.offsetMs,
        remote: !server.local,
        preferences: platform.storage,
        profile: playbackProfile(platform.name, (mime) => element.canPlayType(mime)),
        sessionId: `${identity.clientIdentifier}-${Date.now().toString(36)}`,
        clock,
        machine: { hasNext: next !== null, leaveWhenHidden: platform.name === 'tizen' },
        onChange: (changed) => {
          setModel(changed);
          setNow(clock.now());
        },
        onLeave: () => navigation.getState().back(),
        onPlayNext: () => {
          if (next) navigation.getState().replace({ name: 'player', ratingKey: next, offsetMs: 0 });
        },
      });
      void controller.start();
    })();

    return () => {
      cancelled = true;
      controller?.dispose();
      releaseKeys();
      stopWatchingVisibility();
      platform.unregisterMediaKeys();
    };
  }, [screen, server]);

  // A countdown on screen needs time to move while nothing else changes.
  useEffect(() => {
    if (model.nextUpAt === null) return;
    const { clock } = appServices();
    let timer: unknown = null;
    const tick = () => {
      setNow(clock.now());
      timer = clock.setTimeout(tick, 250);
    };
    tick();
    return () => clock.clearTimeout(timer);
  }, [model.nextUpAt]);

  const controlsUp = model.status === 'paused' || model.controlsUntil !== null || model.status === 'loading';
  const position = model.scrub ? model.scrub.targetMs : model.positionMs;
  return (
    <div className="player__surface" ref={surface}>
      {/* biome-ignore lint/a11y/useMediaCaption: subtitles are drawn by the player (subtitle-cue), not a track */}
      <video ref={video} className="player__video" data-testid="player-video" preload="auto" />
      <SubtitleCues model={model} lifted={controlsUp} />
      {model.status === 'failed' ? (
        <PlayerFailure message={model.failure ?? 'Playback stopped.'} />
      ) : (
        <>
          {model.status === 'loading' || model.status === 'buffering' ? (
            <div className="player__status">{model.status === 'loading' ? 'Starting…' : 'Buffering…'}</div>
          ) : null}
          {controlsUp ? (
            <div className="player__controls" data-testid="player-controls">
              <div className="player__title">{titleOf(item)}</div>
              <div className="player__bar">
                <div className="player__state">{model.status === 'paused' ? 'Paused' : 'Playing'}</div>
                <div className="player__time">{formatClock(position)}</div>
                <div className="player__track">
                  <div
                    className="player__fill"
                    style={{ width: `${percent(position, model.durationMs)}%` }}
                  />
                  {model.chapters.map((chapter, index) => (
                    <div
                      key={chapter.startMs}
                      className={
                        index === model.chapterCursor
                          ? 'player__chapter player__chapter--focused'
                          : 'player__chapter'
                      }
                      style={{ left: `${percent(chapter.startMs, model.durationMs)}%` }}
                      data-testid="chapter-tick"
                      data-focused={index === model.chapterCursor ? 'true' : 'false'}
                    />
                  ))}
                </div>
                <div className="player__time">-{formatClock(Math.max(0, model.durationMs - position))}</div>
              </div>
            </div>
          ) : null}
          {model.menu ? <TrackMenu model={model} /> : null}
          {model.chapterCursor !== null && model.chapters[model.chapterCursor] ? (
            <div className="player__chapter-title" data-testid="chapter-title">
              {model.chapters[model.chapterCursor].title} ·{' '}
              {formatClock(model.chapters[model.chapterCursor].startMs)}
            </div>
          ) : null}
          {model.nextUpAt !== null ? (
            <div className="player__next" data-testid="player-next">
              Next episode in {Math.max(0, Math.ceil((model.nextUpAt - now) / 1000))} s · Back to cancel
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

/** The chosen text subtitles at the current position: large, outlined, inside the safe area. */
function SubtitleCues({ model, lifted }: { model: PlayerModel; lifted: boolean }) {
  const cues = activeCues(model.subtitleCues, model.positionMs);
  if (cues.length === 0 || model.status === 'failed') return null;
  return (
    <div className={lifted ? 'player__subtitles player__subtitles--lifted' : 'player__subtitles'}>
      {cues.map((cue) => (
        <div key={`${cue.startMs}-${cue.lines.join('|')}`} className="player__cue" data-testid="subtitle-cue">
          {cue.lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a cue's lines never move
            <div key={index}>{line}</div>
          ))}
        </div>
      ))}
    </div>
  );
}

const MENU_HEADINGS = { audio: 'Audio', subtitle: 'Subtitles', quality: 'Quality' } as const;

/** Audio, subtitle and quality choices (Up from the seek bar); the current ones marked, the focused one lit. */
function TrackMenu({ model }: { model: PlayerModel }) {
  const focused = model.menu?.index ?? 0;
  return (
    <div className="player__menu" data-testid="track-menu">
      {model.tracks.map((option, index) => (
        <div
          key={`${option.kind}-${option.id}`}
          className={index === focused ? 'player__option player__option--focused' : 'player__option'}
          data-testid="track-option"
          data-kind={option.kind}
          data-track-id={option.id}
          data-selected={option.selected ? 'true' : 'false'}
          data-focused={index === focused ? 'true' : 'false'}
        >
          {index === 0 || model.tracks[index - 1].kind !== option.kind ? (
            <div className="player__menu-heading">{MENU_HEADINGS[option.kind]}</div>
          ) : null}
          <span className="player__mark">{option.selected ? '✓' : ''}</span>
          {option.label}
        </div>
      ))}
    </div>
  );
}

function PlayerFailure({ message }: { message: string }) {
  return (
    <div className="player__failure" data-testid="error-banner" role="alert">
      <div className="player__failure-title">Can't play this</div>
      <p className="player__failure-detail">{message}</p>
      <div className="button-row">
        <FocusableButton
          focusKey={BACK_KEY}
          label="Back"
          autoFocus
          onPress={() => navigation.getState().back()}
          testId="player-back"
        />
      </div>
    </div>
  );
}

function titleOf(item: PlexMetadata | null): string {
  if (!item) return '';
  if (item.type === 'episode' && item.grandparentTitle) return `${item.grandparentTitle} · ${item.title}`;
  return item.title;
}

function percent(position: number, duration: number): number {
  return duration > 0 ? Math.min(100, Math.max(0, (position / duration) * 100)) : 0;
}
