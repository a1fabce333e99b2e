import { FocusContext, useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { JUMP_LETTERS, type MediaItem } from '../../../plex/library-model';
import type { SectionSort } from '../../../plex/server-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { NoServerScreen } from '../../components/NoServerScreen';
import { PosterGrid, type PosterGridHandle } from '../../components/PosterGrid';
import { rememberedCard } from '../../components/rememberedFocus';
import { SkeletonRow } from '../../components/Skeleton';
import { useFocusFallback } from '../../components/useFocusFallback';
import { useScreenStore } from '../../components/useScreenStore';
import { navigation } from '../../navigation/app-navigation';
import type { Screen } from '../../navigation/navigation-store';
import { cardFocusKey, rowIdFor, slotFocusKey } from '../../stores/library-focus';
import type { GridGeometry } from '../../stores/library-grid';
import './section.css';
import { createSectionStore } from '../../stores/library-section';
import { libraryServer, signOutUnauthorized } from '../../stores/library-server';

/** 7 columns of 200 × 300 posters (384 px with captions) every 232 px; rows every 400 px in an 880 px window. */
export const SECTION_GRID: GridGeometry = {
  columns: 7,
  rowHeight: 400,
  viewportHeight: 880,
  overscanRows: 1,
};
const CARD = { width: 200, height: 300 };
const COLUMN_WIDTH = 232;
const RETRY_KEY = 'section-retry';

const SORTS: { sort: SectionSort; label: string }[] = [
  { sort: 'titleSort', label: 'Title' },
  { sort: 'addedAt:desc', label: 'Recently added' },
  { sort: 'year:desc', label: 'Year' },
];

type SectionScreenEntry = Extract<Screen, { name: 'section' }>;

export function SectionScreen({ screen }: { screen: SectionScreenEntry }) {
  const server = useStore(libraryServer, (state) => state.server);
  if (!server) return <NoServerScreen focusKey="section" title={screen.title} />;
  return <SectionGridScreen screen={screen} api={server.api} />;
}

function SectionGridScreen({
  screen,
  api,
}: {
  screen: SectionScreenEntry;
  api: NonNullable<ReturnType<typeof libraryServer.getState>['server']>['api'];
}) {
  const store = useScreenStore(screen, 'section', () =>
    createSectionStore({ api, sectionKey: screen.sectionKey, onUnauthorized: signOutUnauthorized }),
  );
  const gridId = rowIdFor(`grid-${screen.sectionKey}`);
  const total = useStore(store, (state) => state.total);
  const pages = useStore(store, (state) => state.pages);
  const status = useStore(store, (state) => state.status);
  const error = useStore(store, (state) => state.error);
  const sort = useStore(store, (state) => state.sort);
  const grid = useRef<PosterGridHandle>(null);
  const [jumping, setJumping] = useState<string | null>(null);

  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);

  // Where the grid starts: the remembered card's index (Back from details), else the top.
  const [initialIndex] = useState(() => {
    const remembered = rememberedCard();
    if (!remembered || remembered.rowId !== gridId) return 0;
    return Math.max(0, store.getState().indexOfId(remembered.itemId));
  });

  const itemAt = store.getState().itemAt;
  const imageUrl = useCallback(
    (item: MediaItem) => (item.thumb ? api.photoUrl(item.thumb, CARD.width, CARD.height) : null),
    [api],
  );
  const open = useCallback(
    (item: MediaItem) => navigation.getState().push({ name: 'details', ratingKey: item.id }),
    [],
  );
  const ensure = store.getState().ensure;
  const setSort = useCallback((next: SectionSort) => store.getState().setSort(next), [store]);

  const jump = useCallback(
    (letter: string) => {
      setJumping(letter);
      store
        .getState()
        .indexOfLetter(letter)
        .then(
          (index) => {
            setJumping(null);
            grid.current?.focusIndex(index);
          },
          () => setJumping(null), // the failure shows in the error banner
        );
    },
    [store],
  );

  const firstKey = total && total > 0 ? keyFor(gridId, itemAt(initialIndex), initialIndex) : RETRY_KEY;
  useFocusFallback(total && total > 0 ? keyFor(gridId, itemAt(0), 0) : `sort:${sort}`, [
    error === null,
    total,
  ]);

  return (
    <FocusScreen focusKey="section" initialFocusKey={firstKey} testId="section" className="section">
      <header className="section__header">
        <div>
          <h1 className="screen-title">{screen.title}</h1>
          <div className="muted" data-testid="section-count">
            {total === null ? 'Loading…' : `${total} ${total === 1 ? 'title' : 'titles'}`}
            {jumping ? ` · finding ${jumping}…` : ''}
          </div>
        </div>
        <SortChoice sort={sort} onSort={setSort} />
      </header>
      {error ? (
        <ErrorBanner
          title={error.title}
          detail={error.detail}
          onRetry={store.getState().retry}
          retryFocusKey={RETRY_KEY}
        />
      ) : null}
      {total === null ? (
        status === 'loading' ? (
          <div className="section__skeleton">
            <SkeletonRow cards={7} cardWidth={200} cardHeight={300} pitch={232} />
            <SkeletonRow cards={7} cardWidth={200} cardHeight={300} pitch={232} />
          </div>
        ) : null
      ) : total === 0 ? (
        <div className="empty-state" data-testid="section-empty">
          <h2 className="empty-state__title">Nothing here yet</h2>
          <p className="muted">This library has no titles.</p>
        </div>
      ) : (
        <div className="section__body">
          <PosterGrid
            ref={grid}
            gridId={gridId}
            total={total}
            itemAt={itemAt}
            geometry={SECTION_GRID}
            card={CARD}
            columnWidth={COLUMN_WIDTH}
            initialIndex={initialIndex}
            imageUrl={imageUrl}
            onOpen={open}
            onRangeChange={ensure}
            version={pages}
          />
          {sort === 'titleSort' ? <LetterRail onJump={jump} active={jumping} /> : null}
        </div>
      )}
    </FocusScreen>
  );
}

function keyFor(gridId: string, item: MediaItem | null, index: number): string {
  return item ? cardFocusKey(gridId, item.id) : slotFocusKey(gridId, index);
}

// SortChoice and LetterRail are memoised: the screen re-renders for every page of items that arrives while
// the grid scrolls, and neither changes then.
const SortChoice = memo(function SortChoice({
  sort,
  onSort,
}: {
  sort: SectionSort;
  onSort(sort: SectionSort): void;
}) {
  const { ref, focusKey } = useFocusable({ focusKey: 'section-sort' });
  return (
    <FocusContext.Provider value={focusKey}>
      <div ref={ref} className="button-row section__sort">
        {SORTS.map((choice) => (
          <FocusableButton
            key={choice.sort}
            focusKey={`sort:${choice.sort}`}
            label={choice.label}
            className={`button--small${choice.sort === sort ? ' is-selected' : ''}`}
            onPress={() => onSort(choice.sort)}
            testId={`sort-${choice.label.toLowerCase().replace(/ /g, '-')}`}
          />
        ))}
      </div>
    </FocusContext.Provider>
  );
});

/** '#', A–Z down the right edge; OK jumps the grid to the first title filed under the letter. */
const LetterRail = memo(function LetterRail({
  onJump,
  active,
}: {
  onJump(letter: string): void;
  active: string | null;
}) {
  const { ref, focusKey } = useFocusable({ focusKey: 'letter-rail', preferredChildFocusKey: 'letter:A' });
  return (
    <FocusContext.Provider value={focusKey}>
      <div ref={ref} className="letter-rail" data-testid="letter-rail">
        {JUMP_LETTERS.map((letter) => (
          <Letter key={letter} letter={letter} onJump={onJump} busy={active === letter} />
        ))}
      </div>
    </FocusContext.Provider>
  );
});

const Letter = memo(function Letter({
  letter,
  onJump,
  busy,
}: {
  letter: string;
  onJump(letter: string): void;
  busy: boolean;
}) {
  const press = () => onJump(letter);
  const { ref, focused, focusSelf } = useFocusable({ focusKey: `letter:${letter}`, onEnterPress: press });
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: OK arrives via Norigin's onEnterPress
    // biome-ignore lint/a11y/noStaticElementInteractions: focus is Norigin's, not the DOM's
    <div
      ref={ref}
      className={`letter${focused ? ' is-focused' : ''}${busy ? ' is-busy' : ''}`}
      data-testid="letter"
      data-letter={letter}
      data-focused={focused ? 'true' : undefined}
      onClick={press}
      onMouseEnter={() => {
        if (!focused) focusSelf();
      }}
    >
      {letter}
    </div>
  );
});
