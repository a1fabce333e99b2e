import type { BrowserContext, Page } from 'playwright-core';
import { FLOOR_CSS, openFloorPage } from './floor-page';

// The floor for the D-pad benchmarks: a bare-DOM virtualised poster grid with no framework, the same card
// size, pitch and focus styling as the app's section grid (src/tv/screens/section/SectionScreen.tsx,
// src/tv/components/library.css) inside the same 1920×1080 stage scaled to the window. A keydown handler
// moves one attribute (data-focused) by index arithmetic, scrolls with a translateY on its own layer, and
// mounts only the rows in view ± one. Measured with the same probe as the app (focus-probe.ts).

export interface FloorGridOptions {
  total: number;
  columns: number;
  /** Poster URLs by index (cycled), or none for plain cards. */
  posterUrls?: string[];
}

function floorPageHtml(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
${FLOOR_CSS}
  .grid { position: absolute; left: 96px; top: 180px; width: 1648px; height: 880px; overflow: hidden;
    padding-left: 48px; margin-left: -48px; }
  .content { position: relative; will-change: transform; transition: transform 0.18s ease-out; }
  .card { position: absolute; width: 200px; height: 384px; }
  .frame img { position: absolute; left: 0; top: 0; width: 200px; height: 300px; object-fit: cover; }
</style></head><body><div class="stage" id="stage"><div class="grid"><div class="content" id="content"></div></div></div>
<script>
window.startFloorGrid = function (options) {
  var total = options.total, columns = options.columns, posters = options.posterUrls || [];
  var COLUMN_WIDTH = 232, ROW_HEIGHT = 400, VIEW_ROWS = 3, FULL_ROWS = 2;
  var stage = document.getElementById('stage');
  var scale = Math.min(innerWidth / 1920, innerHeight / 1080);
  stage.style.transform = 'scale(' + scale + ')';
  var content = document.getElementById('content');
  var rowCount = Math.ceil(total / columns);
  content.style.height = rowCount * ROW_HEIGHT + 'px';
  var rows = {}; // mounted row index -> element
  var focused = 0;
  function cardFor(index) {
    var card = document.createElement('div');
    card.className = 'card';
    card.setAttribute('data-testid', 'media-card');
    card.setAttribute('data-index', String(index));
    card.style.left = (index % columns) * COLUMN_WIDTH + 'px';
    var frame = document.createElement('div');
    frame.className = 'frame';
    if (posters.length) {
      var img = document.createElement('img');
      img.decoding = 'async';
      img.width = 200; img.height = 300;
      img.src = posters[index % posters.length];
      frame.appendChild(img);
    }
    var title = document.createElement('div');
    title.className = 'title';
    title.textContent = 'Title ' + (index + 1);
    var subtitle = document.createElement('div');
    subtitle.className = 'subtitle';
    subtitle.textContent = String(1950 + (index % 70));
    card.appendChild(frame); card.appendChild(title); card.appendChild(subtitle);
    return card;
  }
  function rowElement(row) {
    var element = document.createElement('div');
    element.style.position = 'absolute';
    element.style.left = '0';
    element.style.top = row * ROW_HEIGHT + 'px';
    for (var i = row * columns; i < Math.min(total, (row + 1) * columns); i++) element.appendChild(cardFor(i));
    return element;
  }
  function render(previous) {
    var row = Math.floor(focused / columns);
    var scrollRow = Math.max(0, Math.min(row - 1, rowCount - FULL_ROWS));
    var first = Math.max(0, scrollRow - 1), last = Math.min(rowCount, scrollRow + VIEW_ROWS + 1);
    Object.keys(rows).forEach(function (key) {
      var r = Number(key);
      if (r < first || r >= last) { content.removeChild(rows[key]); delete rows[key]; }
    });
    for (var r = first; r < last; r++) if (!rows[r]) { rows[r] = rowElement(r); content.appendChild(rows[r]); }
    content.style.transform = 'translateY(' + -scrollRow * ROW_HEIGHT + 'px)';
    if (previous !== null) {
      var old = content.querySelector('[data-index="' + previous + '"]');
      if (old) old.removeAttribute('data-focused');
    }
    content.querySelector('[data-index="' + focused + '"]').setAttribute('data-focused', 'true');
  }
  window.addEventListener('keydown', function (event) {
    var next = focused;
    if (event.keyCode === 40) next = Math.min(total - 1, focused + columns);
    else if (event.keyCode === 38) next = focused - columns >= 0 ? focused - columns : focused;
    else if (event.keyCode === 39) next = (focused % columns) < columns - 1 ? Math.min(total - 1, focused + 1) : focused;
    else if (event.keyCode === 37) next = (focused % columns) > 0 ? focused - 1 : focused;
    else return;
    event.preventDefault();
    if (next === focused) return;
    var previous = focused;
    focused = next;
    render(previous);
  });
  render(null);
};
</script></body></html>`;
}

/** Opens the floor grid in a new page of `context`, first card focused. */
export function openFloorGrid(context: BrowserContext, options: FloorGridOptions): Promise<Page> {
  return openFloorPage(context, floorPageHtml(), 'startFloorGrid', options);
}
