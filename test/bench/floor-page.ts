import type { BrowserContext, Page } from 'playwright-core';

// What the bare-DOM floors (bare-grid-floor.ts, bare-rows-floor.ts) share: the stage and card styles, and how
// one is opened (one HTML page whose script defines a start function on window; ready once a card is focused).

/**
 * The stage (1920×1080, scaled to the window by the page) and the card's look shared by both floors: the
 * app's card size, focus outline and text (src/tv/components/library.css).
 */
export const FLOOR_CSS = `html, body { margin: 0; background: #10131a; color: #dfe3ea; font-family: sans-serif; overflow: hidden; }
  .stage { position: absolute; left: 0; top: 0; width: 1920px; height: 1080px; transform-origin: 0 0; }
  .frame { position: relative; width: 200px; height: 300px; border-radius: 10px; background: #1c2130;
    overflow: hidden; outline: 6px solid transparent; outline-offset: 3px; transition: transform 0.12s ease-out; }
  .card[data-focused="true"] .frame { transform: scale(1.08); outline-color: #ffc531;
    box-shadow: 0 0 0 9px rgba(255, 197, 49, 0.3), 0 0 40px 10px rgba(255, 197, 49, 0.45); }
  .title { padding-top: 18px; font-size: 26px; font-weight: 600; white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; }
  .subtitle { font-size: 22px; color: #8a93a6; }`;

/** Opens `html` in a new page of `context`, calls `window[start](options)` and waits for the focused card. */
export async function openFloorPage<Options>(
  context: BrowserContext,
  html: string,
  start: string,
  options: Options,
): Promise<Page> {
  const page = await context.newPage();
  await page.setContent(html);
  await page.evaluate(
    ({ start, options }) => {
      (window as unknown as Record<string, (o: unknown) => void>)[start](options);
    },
    { start, options },
  );
  await page.waitForSelector('[data-testid="media-card"][data-focused="true"]');
  return page;
}
