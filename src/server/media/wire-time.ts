// The Plex wire carries instants (addedAt, updatedAt, lastViewedAt, a section's scannedAt) as epoch seconds;
// the database keeps epoch milliseconds (docs/architecture.md#storage-and-time). Answers convert here.

/** Epoch seconds on the wire for a stored instant in epoch milliseconds: the second it falls in. */
export function wireSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
