import { commandForKey } from '../tv/platform/key-map';
import { fitStage, STAGE_HEIGHT, STAGE_WIDTH } from '../tv/stage-fit';
import { dispatchKey } from './dispatch-key';
import {
  buttonForShortcut,
  isPresetId,
  type KeyStroke,
  PRESET_IDS,
  PRESETS,
  type PresetId,
  type RemoteButton,
  strokeForPress,
} from './key-presets';

// The dev-only emulator page: the TV app at /tv/ framed on a scaled 1920×1080 stage, and an on-screen
// remote that sends the selected platform's key codes into it. It only changes key events; the app
// still detects itself as a browser (no faked TV globals).

const PRESET_KEY = 'marquee.emulator.preset';

const stageArea = element<HTMLElement>('stage-area');
const stage = element<HTMLElement>('stage');
const frame = element<HTMLIFrameElement>('tv');
const presetSelect = element<HTMLSelectElement>('preset');
const lastKey = element<HTMLOutputElement>('last-key');

let presetId: PresetId = loadPreset();
// Presses per button, so a button with several strokes (webOS Play/Pause) alternates between them.
let pressCounts: { [button: string]: number } = {};
// The stroke each held keyboard shortcut sent on keydown, so its keyup carries the same code.
const held: { [key: string]: KeyStroke } = {};

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`emulator: #${id} is missing from index.html`);
  return found as T;
}

// --- the framed app ---------------------------------------------------------------------------------

// Same origin, so key events can be dispatched into it; the page's query (e.g. ?server=) passes through.
const tvUrl = `/tv/${window.location.search}`;
frame.src = tvUrl;
element<HTMLAnchorElement>('open-tv').href = tvUrl;
element<HTMLButtonElement>('reload').addEventListener('click', () => frame.contentWindow?.location.reload());

function layoutStage(): void {
  const fit = fitStage(stageArea.clientWidth, stageArea.clientHeight);
  stage.style.left = `${fit.left}px`;
  stage.style.top = `${fit.top}px`;
  stage.style.width = `${fit.width}px`;
  stage.style.height = `${fit.height}px`;
  frame.style.width = `${STAGE_WIDTH}px`;
  frame.style.height = `${STAGE_HEIGHT}px`;
  frame.style.transform = `scale(${fit.scale})`;
}

new ResizeObserver(layoutStage).observe(stageArea);
layoutStage();

function frameDocument(): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    return null; // not same origin
  }
}

// --- presets ----------------------------------------------------------------------------------------

function loadPreset(): PresetId {
  try {
    const saved = localStorage.getItem(PRESET_KEY);
    if (isPresetId(saved)) return saved;
  } catch {
    // storage disabled: use the default
  }
  return 'browser';
}

for (const id of PRESET_IDS) {
  const option = document.createElement('option');
  option.value = id;
  option.textContent = PRESETS[id].label;
  presetSelect.append(option);
}
presetSelect.value = presetId;
presetSelect.addEventListener('change', () => {
  if (!isPresetId(presetSelect.value)) return;
  presetId = presetSelect.value;
  pressCounts = {};
  try {
    localStorage.setItem(PRESET_KEY, presetId);
  } catch {
    // not kept; still used for this session
  }
  report(`Remote: ${PRESETS[presetId].label}`);
});

// --- sending keys -----------------------------------------------------------------------------------

function nextStroke(button: RemoteButton): KeyStroke {
  const count = pressCounts[button] || 0;
  pressCounts[button] = count + 1;
  return strokeForPress(PRESETS[presetId], button, count);
}

function send(type: 'keydown' | 'keyup', button: RemoteButton, stroke: KeyStroke, repeat = false): void {
  const doc = frameDocument();
  if (!doc) {
    report('The TV app is not reachable (still loading, or not same-origin).');
    return;
  }
  const handled = dispatchKey(doc, type, stroke, repeat);
  if (type === 'keydown') {
    const command = commandForKey(stroke) || 'no command';
    report(
      `${button} → keyCode ${stroke.keyCode}, key ${JSON.stringify(stroke.key)} → ${command}` +
        (handled ? ' · handled' : ''),
    );
  }
}

function pressButton(button: RemoteButton): void {
  const stroke = nextStroke(button);
  send('keydown', button, stroke);
  send('keyup', button, stroke);
  flash(button);
}

function report(text: string): void {
  lastKey.textContent = text;
}

function flash(button: RemoteButton): void {
  const shown = document.querySelector(`[data-button="${button}"]`);
  if (!shown) return;
  shown.classList.add('pressed');
  window.setTimeout(() => shown.classList.remove('pressed'), 150);
}

// On-screen buttons never take focus, so Enter/Space on the page stay shortcuts, not button clicks.
for (const shown of document.querySelectorAll<HTMLButtonElement>('[data-button]')) {
  shown.tabIndex = -1;
  shown.addEventListener('mousedown', (event) => event.preventDefault());
  shown.addEventListener('click', () => pressButton(shown.dataset.button as RemoteButton));
}

// Keyboard shortcuts on the emulator page: keydown (with repeats, for hold-to-seek) and keyup forward
// separately, as a held remote key would.
function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLSelectElement || target instanceof HTMLInputElement;
}

window.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
  const button = buttonForShortcut(event.key);
  if (!button) return;
  event.preventDefault();
  const stroke = event.repeat && held[event.key] ? held[event.key] : nextStroke(button);
  held[event.key] = stroke;
  send('keydown', button, stroke, event.repeat);
  if (!event.repeat) flash(button);
});

window.addEventListener('keyup', (event) => {
  const stroke = held[event.key];
  if (!stroke) return;
  delete held[event.key];
  const button = buttonForShortcut(event.key);
  if (button) send('keyup', button, stroke);
});
