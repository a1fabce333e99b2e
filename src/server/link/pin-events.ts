// Wakes long-polls (`GET /api/v2/pins/{id}?wait=`) when a pin is linked or denied. The in-memory version
// serves one process; a Redis version (publish on notify, subscribe in wait) fits the same interface.

export interface PinEvents {
  /** Tells every waiter on this pin that it changed. */
  notify(pinId: number): void;
  /** Resolves when the pin is notified, `timeoutMs` passes, `signal` aborts, or `close()` runs. */
  wait(pinId: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Releases every waiter at once (server shutdown). */
  close(): void;
}

export class InMemoryPinEvents implements PinEvents {
  private readonly waiters = new Map<number, Set<() => void>>();
  private closed = false;

  notify(pinId: number): void {
    const waiting = this.waiters.get(pinId);
    if (!waiting) return;
    for (const wake of [...waiting]) wake();
  }

  wait(pinId: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted || timeoutMs <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        const waiting = this.waiters.get(pinId);
        waiting?.delete(wake);
        if (waiting?.size === 0) this.waiters.delete(pinId);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      signal.addEventListener('abort', wake, { once: true });
      const waiting = this.waiters.get(pinId) ?? new Set();
      waiting.add(wake);
      this.waiters.set(pinId, waiting);
    });
  }

  /** How many requests are held now (for tests and diagnostics). */
  get waiting(): number {
    let count = 0;
    for (const waiting of this.waiters.values()) count += waiting.size;
    return count;
  }

  close(): void {
    this.closed = true;
    for (const waiting of [...this.waiters.values()]) for (const wake of [...waiting]) wake();
  }
}
