import { useCallback, useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { formatClock, formatDuration, type MediaItem } from '../../../plex/library-model';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { NoServerScreen } from '../../components/NoServerScreen';
import { Poster } from '../../components/Poster';
import { RowList, type RowSpec } from '../../components/RowList';
import { SkeletonBlock } from '../../components/Skeleton';
import { useFocusFallback } from '../../components/useFocusFallback';
import { useScreenStore } from '../../components/useScreenStore';
import { navigation } from '../../navigation/app-navigation';
import type { Screen } from '../../navigation/navigation-store';
import { createDetailsStore } from '../../stores/library-details';
import { cardFocusKey } from '../../stores/library-focus';
import { type LibraryApi, libraryServer, signOutUnauthorized } from '../../stores/library-server';
import { playItem } from './playback-hook';
import './details.css';

const PLAY_KEY = 'details-play';
const RESUME_KEY = 'details-resume';
const RETRY_KEY = 'details-retry';
const BACK_KEY = 'details-back';
const POSTER = { width: 360, height: 540 };
/** A show or season leaves room for its rows below. */
const POSTER_COMPACT = { width: 240, height: 360 };
const CHILD_LAYOUT = { card: { width: 200, height: 300 }, pitch: 232, viewWidth: 1728 };

type DetailsEntry = Extract<Screen, { name: 'details' }>;

export function DetailsScreen({ screen }: { screen: DetailsEntry }) {
  const server = useStore(libraryServer, (state) => state.server);
  if (!server) return <NoServerScreen focusKey="details" />;
  return <Details screen={screen} api={server.api} />;
}

function Details({ screen, api }: { screen: DetailsEntry; api: LibraryApi }) {
  const store = useScreenStore(screen, 'details', () =>
    createDetailsStore({ api, ratingKey: screen.ratingKey, onUnauthorized: signOutUnauthorized }),
  );
  const status = useStore(store, (state) => state.status);
  const item = useStore(store, (state) => state.item);
  const error = useStore(store, (state) => state.error);
  const seasons = useStore(store, (state) => state.seasons);
  const seasonId = useStore(store, (state) => state.seasonId);
  const episodes = useStore(store, (state) => state.episodes);
  const episodesError = useStore(store, (state) => state.episodesError);

  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);

  const firstKey = item ? primaryKey(item, seasons, seasonId, episodes) : RETRY_KEY;
  // Loaded after mount: focus moves from nothing (or a vanished Retry) to the main action.
  useFocusFallback(firstKey, [status, item === null, seasons === null, episodes === null]);

  const imageUrl = useCallback(
    (child: MediaItem) => (child.thumb ? api.photoUrl(child.thumb, 200, 300) : null),
    [api],
  );
  const openChild = useCallback(
    (child: MediaItem, _index: number, rowId: string) => {
      if (rowId === 'seasons') store.getState().selectSeason(child.id);
      else navigation.getState().push({ name: 'details', ratingKey: child.id });
    },
    [store],
  );
  const focusChild = useCallback(
    (child: MediaItem, _index: number, rowId: string) => {
      if (rowId === 'seasons') store.getState().selectSeason(child.id);
    },
    [store],
  );

  // Inside a show, an episode card names the episode, not the show.
  const episodeCards = useMemo(
    () =>
      episodes?.map((episode) => ({
        ...episode,
        title: `${episode.index !== null ? `${episode.index}. ` : ''}${episode.episodeTitle ?? episode.title}`,
        subtitle: episode.durationMs ? formatDuration(episode.durationMs) : '',
      })) ?? null,
    [episodes],
  );

  const rows: RowSpec[] = [];
  if (seasons && seasons.length > 0)
    rows.push({ id: 'seasons', title: 'Seasons', items: seasons, selectedId: seasonId });
  if (episodeCards && episodeCards.length > 0) {
    const season = seasons?.find((candidate) => candidate.id === seasonId);
    rows.push({
      id: 'episodes',
      title: season ? `${season.title} · Episodes` : 'Episodes',
      items: episodeCards,
    });
  }

  const art = item?.art ? api.photoUrl(item.art, 1920, 1080) : null;
  const playable = item ? item.kind === 'movie' || item.kind === 'episode' || item.kind === 'other' : false;
  const hasChildren = item ? item.kind === 'show' || item.kind === 'season' : false;
  const poster = hasChildren ? POSTER_COMPACT : POSTER;

  return (
    <FocusScreen focusKey="details" initialFocusKey={firstKey} testId="details" className="details">
      {art ? <div className="details__backdrop" style={{ backgroundImage: `url("${art}")` }} /> : null}
      <div className="details__shade" />
      {error ? (
        <ErrorBanner
          title={error.title}
          detail={error.detail}
          onRetry={store.getState().retry}
          retryFocusKey={RETRY_KEY}
        />
      ) : null}
      {item ? (
        <div className={`details__main${hasChildren ? ' details__main--compact' : ''}`}>
          <div className="details__poster">
            <Poster
              src={item.thumb ? api.photoUrl(item.thumb, poster.width, poster.height) : null}
              title={item.title}
              width={poster.width}
              height={poster.height}
            />
          </div>
          <div className="details__info">
            {item.kind === 'episode' && item.showTitle ? (
              <div className="details__show">{item.showTitle}</div>
            ) : null}
            <h1 className="details__title" data-testid="details-title">
              {item.kind === 'episode' ? (item.episodeTitle ?? item.title) : item.title}
            </h1>
            <div className="details__meta">{metaLine(item)}</div>
            {item.summary ? <p className="details__summary">{item.summary}</p> : null}
            {playable ? (
              <div className="button-row details__actions">
                {item.viewOffsetMs > 0 ? (
                  <FocusableButton
                    focusKey={RESUME_KEY}
                    label={`Resume from ${formatClock(item.viewOffsetMs)}`}
                    onPress={() => playItem(item, item.viewOffsetMs)}
                    testId="details-resume"
                  />
                ) : null}
                <FocusableButton
                  focusKey={PLAY_KEY}
                  label={item.viewOffsetMs > 0 ? 'Play from start' : 'Play'}
                  onPress={() => playItem(item, 0)}
                  testId="details-play"
                />
              </div>
            ) : null}
            {firstKey === BACK_KEY ? (
              // A show or season with nothing in it yet: something must hold the focus.
              <div className="button-row details__actions">
                <FocusableButton
                  focusKey={BACK_KEY}
                  label="Back"
                  onPress={() => navigation.getState().back()}
                />
              </div>
            ) : null}
          </div>
        </div>
      ) : status === 'loading' ? (
        <div className="details__main">
          <SkeletonBlock width={POSTER.width} height={POSTER.height} />
          <div className="details__info">
            <SkeletonBlock width={800} height={72} className="skeleton--line" />
            <SkeletonBlock width={500} height={40} className="skeleton--line" />
            <SkeletonBlock width={1000} height={160} className="skeleton--line" />
          </div>
        </div>
      ) : null}
      {episodesError ? (
        <ErrorBanner
          title={episodesError.title}
          detail={episodesError.detail}
          onRetry={store.getState().retry}
          retryFocusKey="details-episodes-retry"
        />
      ) : null}
      {hasChildren && rows.length > 0 ? (
        <div className="details__children">
          <RowList
            rows={rows}
            layout={CHILD_LAYOUT}
            rowHeight={480}
            viewHeight={480}
            imageUrl={imageUrl}
            onOpen={openChild}
            onItemFocus={focusChild}
          />
        </div>
      ) : null}
    </FocusScreen>
  );
}

/** Resume for a started item, else Play; for a show the chosen season, then its first episode. */
function primaryKey(
  item: MediaItem,
  seasons: MediaItem[] | null,
  seasonId: string | null,
  episodes: MediaItem[] | null,
): string {
  if (item.kind === 'show') {
    if (!seasons || seasons.length === 0) return BACK_KEY;
    return cardFocusKey('seasons', seasonId ?? seasons[0].id);
  }
  if (item.kind === 'season')
    return episodes && episodes.length > 0 ? cardFocusKey('episodes', episodes[0].id) : BACK_KEY;
  return item.viewOffsetMs > 0 ? RESUME_KEY : PLAY_KEY;
}

function metaLine(item: MediaItem): string {
  const parts: string[] = [];
  if (item.kind === 'episode') {
    const code = item.subtitle.split(' · ').slice(0, 2).join(' · ');
    if (code) parts.push(code);
  }
  if (item.year !== null) parts.push(String(item.year));
  if (item.durationMs) parts.push(formatDuration(item.durationMs));
  if (item.contentRating) parts.push(item.contentRating);
  if (item.kind === 'show' && item.leafCount !== null) parts.push(`${item.leafCount} episodes`);
  if (item.watched) parts.push('Watched');
  return parts.join('  ·  ');
}
