// Time as the TV app sees it, injected so state machines can be tested by driving time by hand.

export interface Clock {
  /** Monotonic milliseconds (performance.now where there is one): never jumps with the wall clock. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => (typeof performance !== 'undefined' && performance.now ? performance.now() : Date.now()),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
