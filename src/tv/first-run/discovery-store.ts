import { createStore } from 'zustand/vanilla';
import type { FoundServer, IdentityCheck } from '../../plex/identity-check';
import { type RunningScan, type Subnet, subnetOf } from '../../plex/lan-scan';

// The "Use a Marquee home server" screen's logic: ask the platform for the TV's address, scan its /24, and
// list each server as it answers. A browser cannot tell its address: then no scan, only the candidates
// (the page's own origin) and typing an address.

export type DiscoveryPhase =
  | { kind: 'idle' }
  /** Asking the platform for the TV's own address. */
  | { kind: 'locating' }
  | { kind: 'scanning'; subnet: string; probed: number; total: number }
  /** peakInFlight: the most requests the scan had in flight at once (a diagnostic, shown to benchmarks). */
  | { kind: 'finished'; subnet: string; peakInFlight: number }
  /** The TV's address is unknown (a browser, a failing native API): nothing to scan. */
  | { kind: 'no-address' };

export interface DiscoveryState {
  phase: DiscoveryPhase;
  /** In the order they answered; each server once. */
  found: FoundServer[];
  /** Starts the first scan (screen mounted); does nothing when one already ran or runs. */
  start(): void;
  /** Forgets what was found and looks again. */
  scanAgain(): void;
  /** Screen left: the scan stops and no late answer changes anything. */
  stop(): void;
}

export interface DiscoveryDeps {
  localAddress(): Promise<string | null>;
  scan(
    subnet: Subnet,
    onFound: (server: FoundServer) => void,
    onProgress: (probed: number) => void,
  ): RunningScan;
  /** Addresses checked besides the scan, e.g. the origin that served the app. */
  candidates: string[];
  check(url: string): Promise<IdentityCheck>;
}

export type DiscoveryStore = ReturnType<typeof createDiscoveryStore>;

export function createDiscoveryStore(deps: DiscoveryDeps) {
  // Each look gets a generation; answers from an older one are dropped.
  let generation = 0;
  let running: RunningScan | null = null;

  return createStore<DiscoveryState>((set, get) => {
    function add(mine: number, server: FoundServer) {
      if (mine !== generation) return;
      const found = get().found;
      if (found.some((known) => known.machineIdentifier === server.machineIdentifier)) return;
      set({ found: found.concat([server]) });
    }

    function look() {
      running?.cancel();
      running = null;
      const mine = ++generation;
      set({ phase: { kind: 'locating' }, found: [] });
      for (const candidate of deps.candidates) {
        deps.check(candidate).then(
          (answer) => answer.ok && add(mine, answer.server),
          () => undefined,
        );
      }
      deps.localAddress().then(
        (address) => scan(mine, address),
        () => scan(mine, null),
      );
    }

    function scan(mine: number, address: string | null) {
      if (mine !== generation) return;
      const subnet = subnetOf(address);
      if (!subnet) return set({ phase: { kind: 'no-address' } });
      const label = `${subnet.prefix}.0/24`;
      const total = subnet.hosts.length;
      set({ phase: { kind: 'scanning', subnet: label, probed: 0, total } });
      const current = deps.scan(
        subnet,
        (server) => add(mine, server),
        (probed) => {
          if (mine === generation) set({ phase: { kind: 'scanning', subnet: label, probed, total } });
        },
      );
      running = current;
      current.done.then((summary) => {
        if (mine !== generation || summary.cancelled) return;
        running = null;
        set({ phase: { kind: 'finished', subnet: label, peakInFlight: summary.peakInFlight } });
      });
    }

    return {
      phase: { kind: 'idle' },
      found: [],
      start() {
        if (get().phase.kind === 'idle') look();
      },
      scanAgain() {
        look();
      },
      stop() {
        generation++;
        running?.cancel();
        running = null;
        if (get().phase.kind !== 'finished' && get().phase.kind !== 'no-address')
          set({ phase: { kind: 'idle' } });
      },
    };
  });
}

/** The line under the list: what the scan is doing or did. */
export function discoveryStatusText(phase: DiscoveryPhase, foundCount: number): string {
  switch (phase.kind) {
    case 'idle':
    case 'locating':
      return 'Looking for home servers…';
    case 'scanning':
      return `Looking on ${phase.subnet}… (${phase.probed} of ${phase.total} addresses)`;
    case 'finished':
      return foundCount > 0
        ? `Looked at every address on ${phase.subnet}.`
        : `No home server answered on ${phase.subnet}. Check that it is running, or enter its address.`;
    case 'no-address':
      return 'This device can’t tell its network address, so it can’t look around. Enter the server’s address.';
  }
}
