import type { BrowserContext, Page } from 'playwright-core';
import { FLOOR_CSS, openFloorPage } from './floor-page';

// The floor for the home-rows benchmark: bare-DOM rows of cards with no framework, the geometry of the app's
// home (src/tv/screens/home/HomeScreen.tsx HOME_ROW_LAYOUT: 200 × 300 cards every 232 px in a 1728 px row,
// rows every 480 px in an 880 px window; src/tv/components/library.css for the focus styles) inside the
// same 1920×1080 stage scaled to the window. Each row mounts only its cards in view ± one and scrolls with a
// translateX; the rows scroll with a translateY (both on their own layers). A keydown handler moves one
// attribute (data-focused) by index arithmetic: Left/Right along the row, Up/Down to the next row's
// remembered card. Measured with the same probe as the app (focus-probe.ts).

export interface FloorRowsOptions {
  rows: number;
  /** Cards in each row. */
  rowLength: number;
}

function floorRowsHtml(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
${FLOOR_CSS}
  .list { position: absolute; left: 96px; top: 180px; width: 1776px; height: 880px; overflow: hidden;
    padding-left: 48px; margin-left: -48px; }
  .list-track { position: relative; will-change: transform; transition: transform 0.2s ease-out; }
  .row { position: absolute; left: 0; height: 480px; width: 1728px; }
  .row-title { height: 64px; margin-bottom: 14px; font-size: 38px; font-weight: 700; color: #c9d0dc; }
  .viewport { position: relative; overflow: hidden; width: 1728px; height: 384px; margin-left: -48px;
    padding-left: 48px; padding-top: 24px; margin-top: -24px; }
  .track { position: relative; height: 100%; will-change: transform; transition: transform 0.18s ease-out; }
  .card { position: absolute; top: 0; width: 200px; height: 384px; }
</style></head><body><div class="stage" id="stage"><div class="list"><div class="list-track" id="list"></div></div></div>
<script>
window.startFloorRows = function (options) {
  var rowCount = options.rows, rowLength = options.rowLength;
  var PITCH = 232, VIEW_WIDTH = 1728, ROW_HEIGHT = 480, VIEW_HEIGHT = 880;
  var FULL_COLUMNS = Math.floor(VIEW_WIDTH / PITCH), VIEW_COLUMNS = Math.ceil(VIEW_WIDTH / PITCH);
  var FULL_ROWS = Math.floor(VIEW_HEIGHT / ROW_HEIGHT);
  var stage = document.getElementById('stage');
  var scale = Math.min(innerWidth / 1920, innerHeight / 1080);
  stage.style.transform = 'scale(' + scale + ')';
  var list = document.getElementById('list');
  var rows = [];
  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }
  function cardFor(row, index) {
    var card = document.createElement('div');
    card.className = 'card';
    card.setAttribute('data-testid', 'media-card');
    card.setAttribute('data-index', String(index));
    card.style.left = index * PITCH + 'px';
    var frame = document.createElement('div');
    frame.className = 'frame';
    var title = document.createElement('div');
    title.className = 'title';
    title.textContent = 'Row ' + (row + 1) + ' title ' + (index + 1);
    var subtitle = document.createElement('div');
    subtitle.className = 'subtitle';
    subtitle.textContent = String(1950 + (index % 70));
    card.appendChild(frame); card.appendChild(title); card.appendChild(subtitle);
    return card;
  }
  for (var r = 0; r < rowCount; r++) {
    var element = document.createElement('div');
    element.className = 'row';
    element.style.top = r * ROW_HEIGHT + 'px';
    var heading = document.createElement('div');
    heading.className = 'row-title';
    heading.textContent = 'Row ' + (r + 1);
    var viewport = document.createElement('div');
    viewport.className = 'viewport';
    var track = document.createElement('div');
    track.className = 'track';
    viewport.appendChild(track);
    element.appendChild(heading); element.appendChild(viewport);
    list.appendChild(element);
    rows.push({ track: track, cards: {}, focused: 0 });
  }
  var focusedRow = 0;
  function renderRow(r) {
    var row = rows[r];
    var scroll = clamp(row.focused - 1, 0, Math.max(0, rowLength - FULL_COLUMNS));
    var first = clamp(scroll - 1, 0, rowLength), last = clamp(scroll + VIEW_COLUMNS + 1, 0, rowLength);
    Object.keys(row.cards).forEach(function (key) {
      var i = Number(key);
      if (i < first || i >= last) { row.track.removeChild(row.cards[key]); delete row.cards[key]; }
    });
    for (var i = first; i < last; i++) if (!row.cards[i]) { row.cards[i] = cardFor(r, i); row.track.appendChild(row.cards[i]); }
    row.track.style.transform = 'translateX(' + -scroll * PITCH + 'px)';
  }
  function mark(r, on) {
    var card = rows[r].cards[rows[r].focused];
    if (!card) return;
    if (on) card.setAttribute('data-focused', 'true'); else card.removeAttribute('data-focused');
  }
  function scrollList() {
    var scroll = clamp(focusedRow, 0, Math.max(0, rowCount - Math.max(1, FULL_ROWS)));
    list.style.transform = 'translateY(' + -scroll * ROW_HEIGHT + 'px)';
  }
  window.addEventListener('keydown', function (event) {
    var row = rows[focusedRow];
    var nextRow = focusedRow, nextIndex = row.focused;
    if (event.keyCode === 39) nextIndex = Math.min(rowLength - 1, row.focused + 1);
    else if (event.keyCode === 37) nextIndex = Math.max(0, row.focused - 1);
    else if (event.keyCode === 40) nextRow = Math.min(rowCount - 1, focusedRow + 1);
    else if (event.keyCode === 38) nextRow = Math.max(0, focusedRow - 1);
    else return;
    event.preventDefault();
    if (nextRow === focusedRow && nextIndex === row.focused) return;
    mark(focusedRow, false);
    if (nextRow !== focusedRow) {
      focusedRow = nextRow;
      scrollList();
    } else {
      row.focused = nextIndex;
      renderRow(focusedRow);
    }
    mark(focusedRow, true);
  });
  for (var i = 0; i < rowCount; i++) renderRow(i);
  scrollList();
  mark(0, true);
};
</script></body></html>`;
}

/** Opens the floor rows in a new page of `context`, the first row's first card focused. */
export function openFloorRows(context: BrowserContext, options: FloorRowsOptions): Promise<Page> {
  return openFloorPage(context, floorRowsHtml(), 'startFloorRows', options);
}
