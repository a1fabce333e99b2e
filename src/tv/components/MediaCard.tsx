import { useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { memo, useCallback, useRef } from 'react';
import type { MediaItem } from '../../plex/library-model';
import { Poster } from './Poster';
import './library.css';

/** Height of the two caption lines under a poster, px: a card is its poster's height plus this. */
export const CAPTION_HEIGHT = 84;

export interface CardSize {
  width: number;
  height: number;
}

export interface MediaCardProps {
  focusKey: string;
  /** null: not loaded yet (a focusable skeleton, so the D-pad never hits a hole). */
  item: MediaItem | null;
  index: number;
  size: CardSize;
  left: number;
  top: number;
  imageUrl: string | null;
  onFocusIndex(index: number): void;
  onOpen(item: MediaItem, index: number): void;
  /** Selected (e.g. the chosen season) without having focus. */
  selected?: boolean;
}

/**
 * A fixed-size poster card, absolutely placed by its list. `data-key` is the item's ratingKey and the
 * focused card carries `data-focused="true"` (DESIGN.md test markers). OK and a click open it; hovering
 * focuses it (Magic Remote).
 */
export const MediaCard = memo(function MediaCard({
  focusKey,
  item,
  index,
  size,
  left,
  top,
  imageUrl,
  onFocusIndex,
  onOpen,
  selected,
}: MediaCardProps) {
  const latest = useRef({ item, index, onFocusIndex, onOpen });
  latest.current = { item, index, onFocusIndex, onOpen };
  const open = useCallback(() => {
    const { item: current, index: at, onOpen: handler } = latest.current;
    if (current) handler(current, at);
  }, []);
  const focusedHere = useCallback(() => latest.current.onFocusIndex(latest.current.index), []);
  const { ref, focused, focusSelf } = useFocusable({ focusKey, onEnterPress: open, onFocus: focusedHere });

  const progress =
    item && item.viewOffsetMs > 0 && item.durationMs ? Math.min(1, item.viewOffsetMs / item.durationMs) : 0;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: OK arrives via Norigin's onEnterPress
    // biome-ignore lint/a11y/noStaticElementInteractions: focus is Norigin's, not the DOM's
    <div
      ref={ref}
      className={`card${focused ? ' is-focused' : ''}${selected ? ' is-selected' : ''}${item ? '' : ' card--slot'}`}
      style={{ left, top, width: size.width, height: size.height + CAPTION_HEIGHT }}
      data-testid={item ? 'media-card' : 'media-slot'}
      data-key={item ? item.id : undefined}
      data-index={index}
      data-focused={focused ? 'true' : undefined}
      onClick={open}
      onMouseEnter={() => {
        if (!focused) focusSelf();
      }}
    >
      <div className="card__frame" style={{ width: size.width, height: size.height }}>
        {item ? (
          <Poster src={imageUrl} title={item.title} width={size.width} height={size.height} />
        ) : (
          <div className="skeleton" style={{ width: size.width, height: size.height }} />
        )}
        {progress > 0 ? (
          <div className="card__progress">
            <div className="card__progress-bar" style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
        ) : null}
        {item?.watched ? <div className="card__watched" title="Watched" /> : null}
      </div>
      <div className="card__caption">
        <div className="card__title">{item ? item.title : '\u00a0'}</div>
        <div className="card__subtitle">{item ? item.subtitle || '\u00a0' : '\u00a0'}</div>
      </div>
    </div>
  );
});
