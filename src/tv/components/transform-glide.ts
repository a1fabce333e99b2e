// A list's scroll: a transform written straight to its element and glided to from the last one by a Web
// Animation (the compositor runs it). Shared by the card layer's lists (card-layer.ts) and RowList's track.

/**
 * Glides `element`'s transform from `from` to `to` and returns the glide, null where the Web Animations API is
 * missing (the move is then not animated). The element's own style holds the end state. By the Web Animations
 * API rather than a CSS transition: a CSS transition fires transitionrun, transitionstart and transitionend at
 * the element, and since React's root listens for those, the browser dispatches all of them; an animation
 * started here fires no DOM event.
 */
function glideTransform(
  element: HTMLElement,
  from: string,
  to: string,
  durationMs: number,
): Animation | null {
  if (typeof element.animate !== 'function') return null;
  return element.animate([{ transform: from }, { transform: to }], {
    duration: durationMs,
    easing: 'ease-out',
  });
}

export class TransformGlide {
  /** The transform last written, and the glide to it while it plays. */
  private last: string | null = null;
  private glide: Animation | null = null;
  private readonly durationMs: number;

  constructor(durationMs: number) {
    this.durationMs = durationMs;
  }

  /**
   * Writes `transform` to `element`, glided to from the last one (not the first: a list mounts where it is).
   * A glide still playing is dropped; the new one starts from the last target, a step at most from where the
   * old one was.
   */
  moveTo(element: HTMLElement, transform: string): void {
    const from = this.last;
    if (from === transform) return;
    this.last = transform;
    element.style.transform = transform;
    if (from === null) return;
    this.glide?.cancel();
    this.glide = glideTransform(element, from, transform, this.durationMs);
  }

  /** Ends a glide still playing (the list is going away). */
  stop(): void {
    this.glide?.cancel();
  }
}
