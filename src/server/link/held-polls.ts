// Caps on long-polls held at once (`GET /api/v2/pins/{id}?wait=`), so one client or one address cannot hold
// every connection the server can keep. A poll past a cap is answered at once, as a plain poll: nothing is
// lost, the client simply polls again.

/** A TV holds one wait at a time; two covers a retry that overlaps the poll it replaces. */
export const HELD_POLLS_PER_CLIENT = 2;
/** Generous for a household behind one NAT address (several TVs, reloads), small next to the fd limit. */
export const HELD_POLLS_PER_ADDRESS = 32;

export class HeldPolls {
  private readonly byClient = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly perClient = HELD_POLLS_PER_CLIENT,
    private readonly perAddress = HELD_POLLS_PER_ADDRESS,
  ) {}

  /** Long-polls held now (diagnostics: tests and the reliability benchmark wait on it). */
  get count(): number {
    let total = 0;
    for (const count of this.byAddress.values()) total += count;
    return total;
  }

  /** Takes a slot for this client and address; returns its release, or null when either is at its cap. */
  hold(clientIdentifier: string, address: string): (() => void) | null {
    if ((this.byClient.get(clientIdentifier) ?? 0) >= this.perClient) return null;
    if ((this.byAddress.get(address) ?? 0) >= this.perAddress) return null;
    increment(this.byClient, clientIdentifier, 1);
    increment(this.byAddress, address, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      increment(this.byClient, clientIdentifier, -1);
      increment(this.byAddress, address, -1);
    };
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
