import type { Page } from 'playwright-core';

// The in-page probe shared by the D-pad benchmarks, so the app and the bare-DOM floor are measured the same
// way: per arrow keydown, the time from the event's timestamp to a frame after an element marked
// data-testid="media-card" gains data-focused="true" (MutationObserver → requestAnimationFrame →
// setTimeout 0, i.e. after that frame was painted). Long tasks (over 50 ms) are recorded beside it, and the
// scripts run in long animation frames (the Long Animation Frames API): a long task whose scripts are short is
// the browser's rendering of the frame (style, layout, paint, commit), which the floor pays for as well.
// A key that moves nothing is not measured on its own: it is matched with the next focus change.

/**
 * How much the D-pad benchmarks slow the page's CPU (CDP Emulation.setCPUThrottlingRate): a slow TV. FOCUS_CPU_RATE
 * runs them at another rate, e.g. 1 to see this machine's own speed.
 */
export const FOCUS_CPU_THROTTLE_RATE = Number(process.env.FOCUS_CPU_RATE) || 4;

declare global {
  interface Window {
    __focusProbe?: ProbeRecord;
  }
}

interface ProbeRecord {
  latencies: number[];
  longTasks: number[];
  frameScripts: number[];
  /** Arrow keydowns the page saw. */
  keys: number;
  /** Keys measured together with a later key's focus change (they moved nothing of their own). */
  merged: number;
  /** Focus changes with no key before them (e.g. a catch-up after the keys paused): not measured. */
  keyless: number;
}

export interface FocusRun {
  /** Key → focus painted, ms, one per focus move seen. */
  latencies: number[];
  /** Durations of the long tasks seen during the run, ms. */
  longTasks: number[];
  /**
   * Durations of the scripts (event listeners, timers, promise callbacks) run in frames over 50 ms, ms; empty
   * where the browser has no Long Animation Frames API.
   */
  frameScripts: number[];
  presses: number;
  /** Arrow keydowns the page saw (a press the page never saw is a dropped press). */
  keys: number;
  /** Keys that moved nothing of their own: measured with the next focus change, from the earliest. */
  merged: number;
  /** Focus changes with no key pending (not measured). */
  keyless: number;
}

/** An empty run, to add blocks to. */
export function emptyRun(): FocusRun {
  return { latencies: [], longTasks: [], frameScripts: [], presses: 0, keys: 0, merged: 0, keyless: 0 };
}

/** Adds `block` to `total`. */
export function addRun(total: FocusRun, block: FocusRun): void {
  total.latencies.push(...block.latencies);
  total.longTasks.push(...block.longTasks);
  total.frameScripts.push(...block.frameScripts);
  total.presses += block.presses;
  total.keys += block.keys;
  total.merged += block.merged;
  total.keyless += block.keyless;
}

/** Installs the probe (once per page) and clears what it has recorded so far. */
export async function resetFocusProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (window.__focusProbe) {
      window.__focusProbe.latencies.length = 0;
      window.__focusProbe.longTasks.length = 0;
      window.__focusProbe.frameScripts.length = 0;
      window.__focusProbe.keys = 0;
      window.__focusProbe.merged = 0;
      window.__focusProbe.keyless = 0;
      return;
    }
    const probe: ProbeRecord = {
      latencies: [],
      longTasks: [],
      frameScripts: [],
      keys: 0,
      merged: 0,
      keyless: 0,
    };
    window.__focusProbe = probe;
    /** Arrow keydowns not yet matched with a focus change, by event timestamp. */
    let unmatched: number[] = [];
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.keyCode < 37 || event.keyCode > 40) return;
        probe.keys++;
        unmatched.push(event.timeStamp);
      },
      true,
    );
    // The app's own keydown listener (capture, on window, registered before this one) may move focus
    // before this listener has run, so keys are matched only after the frame: a focus change is measured
    // from the earliest key pressed before it that no earlier change was measured for.
    new MutationObserver((mutations) => {
      const gained = mutations.some(
        (mutation) =>
          mutation.target instanceof Element &&
          mutation.target.getAttribute('data-testid') === 'media-card' &&
          mutation.target.getAttribute('data-focused') === 'true',
      );
      if (!gained) return;
      const gainedAt = performance.now();
      requestAnimationFrame(() =>
        setTimeout(() => {
          const due = unmatched.filter((at) => at <= gainedAt);
          if (due.length === 0) {
            probe.keyless++;
            return;
          }
          probe.merged += due.length - 1;
          unmatched = unmatched.filter((at) => at > gainedAt);
          probe.latencies.push(performance.now() - due[0]);
        }, 0),
      );
    }).observe(document.body, { attributes: true, attributeFilter: ['data-focused'], subtree: true });
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
      }).observe({ entryTypes: ['longtask'] });
    } catch {
      // No Long Tasks API: longTasks stays empty.
    }
    try {
      new PerformanceObserver((list) => {
        // A long animation frame (not in TypeScript's DOM types yet): its scripts, each with its duration.
        for (const frame of list.getEntries() as unknown as { scripts: { duration: number }[] }[]) {
          for (const script of frame.scripts) probe.frameScripts.push(script.duration);
        }
      }).observe({ type: 'long-animation-frame' });
    } catch {
      // No Long Animation Frames API: frameScripts stays empty.
    }
  });
}

/**
 * Presses `keys` in turn, `gapMs` apart (a viewer's steady presses), and returns what the probe saw.
 * `stop` ends the run early (e.g. at the end of a list).
 */
export async function runFocusPresses(
  page: Page,
  keys: readonly string[],
  gapMs: number,
  stop?: () => Promise<boolean>,
): Promise<FocusRun> {
  await resetFocusProbe(page);
  let presses = 0;
  for (const key of keys) {
    if (stop && (await stop())) break;
    await page.keyboard.press(key);
    presses++;
    await page.waitForTimeout(gapMs);
  }
  // Let the last measurement land.
  await page.waitForTimeout(300);
  const recorded = await page.evaluate(() => {
    const probe = window.__focusProbe;
    return probe
      ? {
          ...probe,
          latencies: [...probe.latencies],
          longTasks: [...probe.longTasks],
          frameScripts: [...probe.frameScripts],
        }
      : null;
  });
  if (!recorded) throw new Error('The focus probe is not installed');
  return {
    latencies: recorded.latencies,
    longTasks: recorded.longTasks,
    frameScripts: recorded.frameScripts,
    presses,
    keys: recorded.keys,
    merged: recorded.merged,
    keyless: recorded.keyless,
  };
}
