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
  /** null: not loaded yet (a skeleton that focus still lands on, so the D-pad never hits a hole). */
  item: MediaItem | null;
  index: number;
  size: CardSize;
  left: number;
  top: number;
  imageUrl: string | null;
  /** The list's focused card while the list has focus. */
  focused: boolean;
  /** The pointer moved onto the card (Magic Remote): the list focuses it. */
  onPoint(index: number): void;
  onOpen(item: MediaItem, index: number): void;
  /** Selected (e.g. the chosen season) without having focus. */
  selected?: boolean;
}

/**
 * A fixed-size poster card, absolutely placed by its list. Not a focusable of its own: its list (an index
 * region, see FocusHolder) decides which card is focused, so a focus move re-renders only the two cards
 * that change. `data-key` is the item's ratingKey and the focused card carries `data-focused="true"`
 * (docs/architecture.md#contracts). A click opens it; moving the pointer over it focuses it.
 */
export const MediaCard = memo(function MediaCard({
  item,
  index,
  size,
  left,
  top,
  imageUrl,
  focused,
  onPoint,
  onOpen,
  selected,
}: MediaCardProps) {
  const latest = useRef({ item, index, onOpen });
  latest.current = { item, index, onOpen };
  const open = useCallback(() => {
    const { item: current, index: at, onOpen: handler } = latest.current;
    if (current) handler(current, at);
  }, []);

  const progress =
    item && item.viewOffsetMs > 0 && item.durationMs ? Math.min(1, item.viewOffsetMs / item.durationMs) : 0;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: OK arrives via the list's focus holder
    // biome-ignore lint/a11y/noStaticElementInteractions: focus is Norigin's, not the DOM's
    <div
      className={`card${focused ? ' is-focused' : ''}${selected ? ' is-selected' : ''}${item ? '' : ' card--slot'}`}
      style={{ left, top, width: size.width, height: size.height + CAPTION_HEIGHT }}
      data-testid={item ? 'media-card' : 'media-slot'}
      data-key={item ? item.id : undefined}
      data-index={index}
      data-focused={focused ? 'true' : undefined}
      onClick={open}
      onMouseMove={() => {
        // mousemove, not mouseenter: cards scrolling under a still pointer must not take focus.
        if (!focused) onPoint(index);
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
