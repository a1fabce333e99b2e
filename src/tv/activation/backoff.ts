// Exponential backoff with jitter for retries against a server that is down or busy.

export const MAX_RETRY_DELAY_MS = 30_000;
const FIRST_RETRY_DELAY_MS = 1_000;

/**
 * Delay before retry number `attempt` (0 = first retry): 1 s, 2 s, 4 s, … capped at 30 s, then scaled
 * into [50%, 100%] by `random` so many TVs coming back after an outage don't retry in step.
 */
export function retryDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(
    MAX_RETRY_DELAY_MS,
    // Math.pow, not `**`: `**` is ES2016 and the TV floor is ES2015 syntax (biome.json turns off the rule
    // that rewrites it).
    FIRST_RETRY_DELAY_MS * Math.pow(2, Math.min(attempt, 16)),
  );
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
