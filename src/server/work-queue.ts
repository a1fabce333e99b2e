/**
 * Raised when a bounded queue is full: the caller answers 503 with Retry-After (error-pages.ts does so for any
 * route that lets it through), and nothing was done.
 */
export class ServerBusyError extends Error {
  readonly statusCode = 503;
  constructor(
    what: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`The server is busy with ${what}; try again in a few seconds.`);
    this.name = 'ServerBusyError';
  }
}

/**
 * Runs at most `concurrency` tasks at once and queues at most `maxQueued` more; past that, run() throws
 * ServerBusyError at once. Used where each task holds a scarce shared resource (a libuv pool thread).
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly what: string,
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new ServerBusyError(this.what, 5);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running and queued now (diagnostics and tests). */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }
}
