import { Cancellation } from '../plex/cancellation';
import type { AbortSignalLike } from '../plex/http';

/** The requests of one load: pass `signal` to them, and keep an answer only while `current()`. */
export interface RequestTurn {
  readonly signal: AbortSignalLike;
  /** False once a newer turn began or the scope ended: the answer is stale, drop it. */
  current(): boolean;
}

/**
 * The stale-answer guard of a store: only the latest load's answers count. begin() cancels the requests of the
 * turn before and makes its answers stale; end() does so without a new turn (screen left).
 */
export class LatestOnly {
  private generation = 0;
  private cancellation: Cancellation | null = null;

  begin(): RequestTurn {
    this.end();
    const mine = this.generation;
    const cancellation = new Cancellation();
    this.cancellation = cancellation;
    return { signal: cancellation.signal, current: () => mine === this.generation };
  }

  end(): void {
    this.generation++;
    this.cancellation?.cancel();
    this.cancellation = null;
  }
}
