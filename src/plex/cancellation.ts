import type { AbortSignalLike } from './http';

/** A tiny AbortController stand-in: Chromium 53 (the TV floor) has no AbortController (66+). */
export class Cancellation {
  private listeners: (() => void)[] = [];
  private cancelled = false;

  readonly signal: AbortSignalLike = {
    get aborted(): boolean {
      return false;
    },
    addEventListener: (_type, listener) => {
      this.listeners.push(listener);
    },
    removeEventListener: (_type, listener) => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener);
    },
  };

  constructor() {
    Object.defineProperty(this.signal, 'aborted', { get: () => this.cancelled });
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}
