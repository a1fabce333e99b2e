import type { MediaItem } from '../../plex/library-model';
import type { IndexRange } from '../stores/library-grid';
import './library.css';
import { TransformGlide } from './transform-glide';

// The cards of a virtualised list (a poster grid, a row of cards) built without React, inside a container
// React owns: a focus move changes one attribute on two cards, and a scroll re-uses the element of a line
// that left the window for the line that entered it (it moves to its new place, its cards' content is
// swapped), so nothing is created or removed on the key path. The markup and markers are MediaCard's
// (docs/architecture.md#contracts): data-testid media-card (media-slot while its page loads), data-key =
// ratingKey, data-index, data-focused="true" on the focused card.

/** Height of the two caption lines under a poster, px: a card is its poster's height plus this. */
export const CAPTION_HEIGHT = 84;

export interface CardSize {
  width: number;
  height: number;
}

export interface CardLayerLayout {
  card: CardSize;
  /** Cards per line: a grid's columns, 1 for a row of cards. */
  lineSize: number;
  /** Where line `line` sits inside the layer, px. */
  lineOffset(line: number): { x: number; y: number };
  /** Left of the card in slot `slot` (0 … lineSize − 1) inside its line, px. */
  slotLeft(slot: number): number;
}

export interface CardLayerContent {
  total: number;
  /** null: not loaded yet (a skeleton slot that focus still lands on). */
  itemAt(index: number): MediaItem | null;
  /** A server-resized poster at the card's size, or null when the item has none. */
  imageUrl(item: MediaItem): string | null;
  /** Shown selected (e.g. the chosen season) without having focus. */
  selectedId?: string | null;
  /** Changed by the owner whenever items arrive or change (pages are cached outside). */
  version?: unknown;
}

export interface CardLayerEvents {
  /** The pointer moved over the card at `index` (Magic Remote); not called for the focused card. */
  point(index: number): void;
  /** A click on the card at `index`. */
  open(index: number): void;
}

/** One card element and the parts whose content is swapped. */
interface CardView {
  root: HTMLDivElement;
  /** The poster frame: scaled while the card is focused (library.css), the scale animated by `focus`. */
  frame: HTMLDivElement;
  /** The frame's focus scale (createFocusScale). */
  scale: Animation | null;
  placeholder: HTMLDivElement;
  placeholderTitle: HTMLSpanElement;
  image: HTMLImageElement;
  progress: HTMLDivElement;
  progressBar: HTMLDivElement;
  watched: HTMLDivElement;
  title: HTMLDivElement;
  subtitle: HTMLDivElement;
  /** What the card shows now, to skip writes that change nothing. */
  index: number;
  item: MediaItem | null | undefined;
  src: string | null;
  /** The item and image the poster shows ("<id> <src>"), null for a slot. */
  poster: string | null | undefined;
  selected: boolean;
  focused: boolean;
  hidden: boolean;
  /** What the card's parts show now, so a refill writes only what changes. */
  className: string;
  testId: string | null;
  titleText: string;
  subtitleText: string;
  progressWidth: number;
  watchedShown: boolean;
}

interface LineView {
  root: HTMLDivElement;
  cards: CardView[];
  line: number;
}

const NBSP = '\u00a0';

/**
 * Posters are asked for once a list has not moved for this long, ms: starting an image load costs the main
 * thread about as much as moving focus, and its arrival a paint, so rows passing under a held key or a run of
 * presses load nothing, and a key never waits behind posters (each is still decoded off the main thread).
 * Longer than the gap between steady presses on a slow TV (130 ms plus the frame it takes), so posters wait
 * for the viewer to stop rather than land between two presses.
 */
export const IMAGE_DELAY_MS = 300;

/** The focused card's frame grows to this scale (library.css `.card[data-focused="true"] .card__frame`). */
const FOCUS_SCALE = 'scale(1.08)';
/** How long a card's frame takes to grow or shrink when focus moves, ms. */
const FOCUS_SCALE_MS = 120;
/** How long the list takes to glide to a new scroll position, ms. */
const SCROLL_GLIDE_MS = 180;

/**
 * A card frame's focus scale: one Animation per card, made with the card (paused at rest) and then only played
 * forward (grow) or backward (shrink), so a key press creates no Animation (element.animate, twice a press, was
 * the largest part of the key handler). It fills both ways, so it holds the frame at its rest or focused scale
 * between plays (over library.css's focus rule, which stays for a TV without the API).
 */
function createFocusScale(frame: HTMLElement): Animation | null {
  if (typeof frame.animate !== 'function') return null;
  const scale = frame.animate([{ transform: 'none' }, { transform: FOCUS_SCALE }], {
    duration: FOCUS_SCALE_MS,
    easing: 'ease-out',
    fill: 'both',
  });
  scale.pause();
  return scale;
}

/** Grows (`focused`) or shrinks the card's frame: played for a focus move, at once for a recycled card. */
function scaleFrame(scale: Animation | null, focused: boolean, animated: boolean): void {
  if (!scale) return;
  scale.playbackRate = focused ? 1 : -1;
  // play() from the far end plays the whole move; from part way (a quick back and forth) it turns round there.
  if (animated) scale.play();
  else scale.finish();
}

/**
 * Every poster fires a load or error event. Nothing in React listens for them, but React's root listener would
 * still handle each one (walking the tree up from the card), so they stop at the window, before the root, and
 * go straight to their card (`posterEvents`).
 */
const posterEvents = new WeakMap<EventTarget, (loaded: boolean) => void>();
let listEventsStopped = false;
function stopListEventsAtWindow(): void {
  if (listEventsStopped) return;
  listEventsStopped = true;
  const settlePoster = (event: Event) => {
    const settle = event.target ? posterEvents.get(event.target) : undefined;
    if (!settle) return;
    event.stopPropagation();
    settle(event.type === 'load');
  };
  window.addEventListener('load', settlePoster, true);
  window.addEventListener('error', settlePoster, true);
}

/** Writes `text` into `element` when it differs from what the card last wrote there. */
function setText(
  element: HTMLElement,
  card: CardView,
  field: 'titleText' | 'subtitleText',
  text: string,
): void {
  if (card[field] === text) return;
  card[field] = text;
  element.textContent = text;
}

function div(className: string): HTMLDivElement {
  const element = document.createElement('div');
  element.className = className;
  return element;
}

export class CardLayer {
  private readonly lines = new Map<number, LineView>();
  /** Line elements out of the window, kept for the next line that enters it. */
  private readonly spare: LineView[] = [];
  private focused: number | null = null;
  private readonly scroll = new TransformGlide(SCROLL_GLIDE_MS);
  /** Cards whose poster is asked for once the list is still. */
  private readonly imagesToLoad: CardView[] = [];
  private imageTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private content: CardLayerContent = { total: 0, itemAt: () => null, imageUrl: () => null };
  private readonly host: HTMLElement;
  private readonly layout: CardLayerLayout;
  private readonly onClick: (event: Event) => void;
  private readonly onMouseMove: (event: Event) => void;

  constructor(host: HTMLElement, layout: CardLayerLayout, events: CardLayerEvents) {
    this.host = host;
    this.layout = layout;
    // One listener each for all cards (cards come and go; the container stays).
    this.onClick = (event) => {
      const index = this.indexOfEvent(event);
      if (index !== null) events.open(index);
    };
    // mousemove, not mouseenter: cards scrolling under a still pointer must not take focus.
    this.onMouseMove = (event) => {
      const index = this.indexOfEvent(event);
      if (index !== null && index !== this.focused) events.point(index);
    };
    stopListEventsAtWindow();
    host.addEventListener('click', this.onClick);
    host.addEventListener('mousemove', this.onMouseMove);
  }

  /**
   * Shows the lines in `lines` (a half-open range of line numbers) with `content`: lines that left the range
   * are re-used for those that entered it; cards whose item, image or selection changed are refilled.
   */
  show(lines: IndexRange, content: CardLayerContent): void {
    const before = this.content;
    // Unchanged content: only the lines placed now are filled (a move touches one line, not all of them).
    const sameContent =
      before.total === content.total &&
      before.itemAt === content.itemAt &&
      before.imageUrl === content.imageUrl &&
      before.selectedId === content.selectedId &&
      before.version === content.version;
    this.content = content;
    for (const [line, view] of this.lines) {
      if (line < lines.start || line >= lines.end) {
        this.lines.delete(line);
        this.spare.push(view);
      }
    }
    for (let line = lines.start; line < lines.end; line++) {
      const mounted = this.lines.get(line);
      if (mounted) {
        if (!sameContent) this.fillLine(mounted);
        continue;
      }
      const view = this.spare.pop() ?? this.createLine();
      if (!view.root.parentNode) this.host.appendChild(view.root);
      this.placeLine(view, line);
      this.lines.set(line, view);
      this.fillLine(view);
    }
    // More lines than the window needs (it shrank): take them out of the page.
    for (const view of this.spare) view.root.parentNode?.removeChild(view.root);
    this.loadWhenStill();
  }

  /** Marks the card at `index` focused (null: none; the list does not have focus); its frame grows. */
  focus(index: number | null): void {
    if (index === this.focused) return;
    const before = this.focused === null ? null : this.cardAt(this.focused);
    this.focused = index;
    if (before?.focused) this.markFocused(before, false, true);
    const after = index === null ? null : this.cardAt(index);
    if (after && !after.focused) this.markFocused(after, true, true);
  }

  /** Scrolls the list: `transform` on the host (its own layer, library.css), glided (transform-glide.ts). */
  scrollTo(transform: string): void {
    this.scroll.moveTo(this.host, transform);
  }

  /**
   * Writes the marker only when it changes (observers of data-focused see real focus moves only), and scales the
   * frame: `animated` for a focus move, at once for a recycled card that shows another index.
   */
  private markFocused(card: CardView, focused: boolean, animated = false): void {
    if (card.focused === focused) return;
    card.focused = focused;
    if (focused) card.root.setAttribute('data-focused', 'true');
    else card.root.removeAttribute('data-focused');
    scaleFrame(card.scale, focused, animated);
  }

  /** Cards on the page (items and slots). */
  mountedCards(): number {
    let count = 0;
    for (const view of this.lines.values()) {
      for (const card of view.cards) if (!card.hidden) count++;
    }
    return count;
  }

  destroy(): void {
    this.destroyed = true;
    this.scroll.stop();
    if (this.imageTimer) clearTimeout(this.imageTimer);
    this.host.removeEventListener('click', this.onClick);
    this.host.removeEventListener('mousemove', this.onMouseMove);
    for (const view of this.lines.values()) view.root.parentNode?.removeChild(view.root);
    for (const view of this.spare) view.root.parentNode?.removeChild(view.root);
    this.lines.clear();
    this.spare.length = 0;
  }

  private indexOfEvent(event: Event): number | null {
    let node = event.target as Element | null;
    while (node && node !== this.host) {
      const index = node.getAttribute('data-index');
      if (index !== null) return Number(index);
      node = node.parentElement;
    }
    return null;
  }

  private cardAt(index: number): CardView | null {
    const view = this.lines.get(Math.floor(index / this.layout.lineSize));
    return view ? view.cards[index % this.layout.lineSize] : null;
  }

  /** By left and top, not transform: a transformed line is a stacking context (library.css, .card-line). */
  private placeLine(view: LineView, line: number): void {
    view.line = line;
    const { x, y } = this.layout.lineOffset(line);
    view.root.style.left = `${x}px`;
    view.root.style.top = `${y}px`;
  }

  private fillLine(view: LineView): void {
    const { lineSize } = this.layout;
    for (let slot = 0; slot < lineSize; slot++) this.fillCard(view.cards[slot], view.line * lineSize + slot);
  }

  private fillCard(card: CardView, index: number): void {
    const { total, itemAt, imageUrl, selectedId } = this.content;
    if (index >= total) {
      // Past the end of the list (a short last grid row): hidden, and no card for tests or the probe.
      if (!card.hidden) {
        card.hidden = true;
        card.root.style.display = 'none';
        card.root.removeAttribute('data-index');
        card.root.removeAttribute('data-testid');
        card.testId = null;
      }
      this.markFocused(card, false);
      card.index = -1;
      card.item = undefined;
      card.poster = undefined;
      return;
    }
    if (card.hidden) {
      card.hidden = false;
      card.root.style.display = '';
    }
    const item = itemAt(index);
    const src = item ? imageUrl(item) : null;
    const selected = !!item && selectedId === item.id;
    if (card.index !== index) {
      card.index = index;
      card.root.setAttribute('data-index', String(index));
    }
    this.markFocused(card, index === this.focused);
    if (card.item === item && card.src === src && card.selected === selected) return;
    card.item = item;
    card.selected = selected;
    const className = `card${selected ? ' is-selected' : ''}${item ? '' : ' card--slot'}`;
    if (card.className !== className) {
      card.className = className;
      card.root.className = className;
    }
    // Written only when it changes: each write is a mutation record and a style invalidation.
    const testId = item ? 'media-card' : 'media-slot';
    if (card.testId !== testId) {
      card.testId = testId;
      card.root.setAttribute('data-testid', testId);
    }
    if (item) card.root.setAttribute('data-key', item.id);
    else card.root.removeAttribute('data-key');
    setText(card.title, card, 'titleText', item ? item.title : NBSP);
    setText(card.subtitle, card, 'subtitleText', item ? item.subtitle || NBSP : NBSP);
    const progress =
      item && item.viewOffsetMs > 0 && item.durationMs ? Math.min(1, item.viewOffsetMs / item.durationMs) : 0;
    const progressWidth = Math.round(progress * 100);
    if (card.progressWidth !== progressWidth) {
      card.progress.style.display = progressWidth > 0 ? '' : 'none';
      card.progressBar.style.width = `${progressWidth}%`;
      card.progressWidth = progressWidth;
    }
    const watched = !!item?.watched;
    if (card.watchedShown !== watched) {
      card.watched.style.display = watched ? '' : 'none';
      card.watchedShown = watched;
    }
    this.showPoster(card, item, src);
  }

  /**
   * Loading: the placeholder, the image asked for once the list is still; loaded: the image over the
   * placeholder; none or failed: the title on the placeholder. A slot shows the skeleton until its page
   * arrives. Only visibility changes between these (paint, no layout): the placeholder and its title stay laid
   * out under the image.
   */
  private showPoster(card: CardView, item: MediaItem | null, src: string | null): void {
    const poster = item ? `${item.id} ${src ?? ''}` : null;
    if (card.poster === poster) return;
    card.poster = poster;
    card.src = src;
    const placeholderClass = item ? 'poster__placeholder' : 'poster__placeholder skeleton';
    if (card.placeholder.className !== placeholderClass) card.placeholder.className = placeholderClass;
    const title = item ? item.title : '';
    if (card.placeholderTitle.textContent !== title) card.placeholderTitle.textContent = title;
    // The title shows where there is no poster to wait for.
    card.placeholderTitle.style.visibility = item && !src ? '' : 'hidden';
    // Hidden, its old src left in place (taking it off costs as much as a new load).
    card.image.style.visibility = 'hidden';
    if (src) this.imagesToLoad.push(card);
  }

  /**
   * Asks for the waiting posters once the list has been still for IMAGE_DELAY_MS (see there), one a task
   * (an image load starts in a microtask after its src is set, a millisecond or more each on a slow TV): a
   * key that comes meanwhile waits for one poster at most, and its move stops the rest until the list is
   * still again.
   */
  private loadWhenStill(): void {
    if (this.imagesToLoad.length === 0) return;
    if (this.imageTimer) clearTimeout(this.imageTimer);
    this.imageTimer = setTimeout(this.loadNextImage, IMAGE_DELAY_MS);
  }

  private readonly loadNextImage = (): void => {
    this.imageTimer = null;
    if (this.destroyed) return;
    let waiting = this.imagesToLoad.shift();
    while (waiting && !this.startImage(waiting)) waiting = this.imagesToLoad.shift();
    if (this.imagesToLoad.length > 0) this.imageTimer = setTimeout(this.loadNextImage, 0);
  };

  /** Starts the card's poster load; false when there was nothing to load (the next one goes in this task). */
  private startImage(card: CardView): boolean {
    const { image, src } = card;
    // Skipped when the card has moved on to an item without a poster, or its poster shows already.
    if (!src || image.style.visibility !== 'hidden') return false;
    if (image.getAttribute('src') === src) {
      // The same poster again (a card back on its item): settled now if it has loaded or failed, else its
      // load event is still to come.
      if (image.complete) this.imageSettled(card, image.naturalWidth > 0);
      return false;
    }
    image.src = src;
    return true;
  }

  private imageSettled(card: CardView, loaded: boolean): void {
    // A recycled card may have moved on to another image since this one was asked for.
    if (card.image.getAttribute('src') !== card.src) return;
    if (loaded) card.image.style.visibility = '';
    else card.placeholderTitle.style.visibility = '';
  }

  private createLine(): LineView {
    const root = div('card-line');
    const cards: CardView[] = [];
    for (let slot = 0; slot < this.layout.lineSize; slot++) {
      const card = this.createCard(this.layout.slotLeft(slot));
      cards.push(card);
      root.appendChild(card.root);
    }
    return { root, cards, line: -1 };
  }

  private createCard(left: number): CardView {
    const { width, height } = this.layout.card;
    const root = div('card');
    root.style.left = `${left}px`;
    root.style.top = '0px';
    root.style.width = `${width}px`;
    root.style.height = `${height + CAPTION_HEIGHT}px`;
    const frame = div('card__frame');
    frame.style.width = `${width}px`;
    frame.style.height = `${height}px`;
    const poster = div('poster');
    poster.style.width = `${width}px`;
    poster.style.height = `${height}px`;
    const placeholder = div('poster__placeholder');
    const placeholderTitle = document.createElement('span');
    placeholderTitle.className = 'poster__title';
    placeholderTitle.style.visibility = 'hidden';
    placeholder.appendChild(placeholderTitle);
    const image = document.createElement('img');
    image.className = 'poster__image';
    image.style.visibility = 'hidden';
    image.alt = '';
    image.width = width;
    image.height = height;
    // Decoded off the main thread: a poster arriving never holds up a key.
    image.decoding = 'async';
    poster.appendChild(placeholder);
    poster.appendChild(image);
    const progress = div('card__progress');
    const progressBar = div('card__progress-bar');
    progress.appendChild(progressBar);
    const watched = div('card__watched');
    watched.title = 'Watched';
    frame.appendChild(poster);
    frame.appendChild(progress);
    frame.appendChild(watched);
    const caption = div('card__caption');
    const title = div('card__title');
    const subtitle = div('card__subtitle');
    caption.appendChild(title);
    caption.appendChild(subtitle);
    root.appendChild(frame);
    root.appendChild(caption);
    const card: CardView = {
      root,
      frame,
      scale: createFocusScale(frame),
      placeholder,
      placeholderTitle,
      image,
      progress,
      progressBar,
      watched,
      title,
      subtitle,
      index: -1,
      item: undefined,
      src: null,
      poster: undefined,
      selected: false,
      focused: false,
      hidden: false,
      className: 'card',
      testId: null,
      titleText: '',
      subtitleText: '',
      progressWidth: 0,
      watchedShown: false,
    };
    progress.style.display = 'none';
    watched.style.display = 'none';
    posterEvents.set(image, (loaded) => this.imageSettled(card, loaded));
    return card;
  }
}
