import { Cancellation } from './cancellation';
import type { AbortSignalLike } from './http';
import type { FoundServer, IdentityCheck } from './identity-check';
import { parseIPv4 } from './server-address';

// Finding Plex-compatible servers on the TV's own network: `GET /identity` on every address of its /24 at
// one port, a bounded number at a time, each with a short time limit (the check's), so a /24 where nearly
// every address stays silent takes about (254 / concurrency) × timeout. Results are reported as they arrive.

export interface Subnet {
  /** `192.168.1`: the first three parts, shown as `192.168.1.0/24`. */
  prefix: string;
  /** Every host address of the /24 except the TV's own, .1 to .254 in order. */
  hosts: string[];
}

/** The TV's /24, or null when `ownAddress` is not a usable IPv4 address (none, 0.0.0.0, …). */
export function subnetOf(ownAddress: string | null): Subnet | null {
  const parts = ownAddress ? parseIPv4(ownAddress) : null;
  if (!parts || parts[0] === 0) return null;
  const prefix = parts.slice(0, 3).join('.');
  const hosts: string[] = [];
  for (let last = 1; last <= 254; last++) if (last !== parts[3]) hosts.push(`${prefix}.${last}`);
  return { prefix, hosts };
}

export interface ScanOptions {
  subnet: Subnet;
  port: number;
  /** Asks one base URL who it is; its time limit bounds how long a silent address holds a slot. */
  check(url: string, signal: AbortSignalLike): Promise<IdentityCheck>;
  /** Requests in flight at most. */
  concurrency: number;
  /** Each server once (by machineIdentifier), at the first address it answered on. */
  onFound(server: FoundServer): void;
  onProgress?(probed: number, total: number): void;
}

export interface ScanSummary {
  probed: number;
  total: number;
  found: number;
  /** The most requests that were in flight at once. */
  peakInFlight: number;
  cancelled: boolean;
}

export interface RunningScan {
  done: Promise<ScanSummary>;
  /** Stops starting requests and aborts those in flight; `done` then resolves with cancelled: true. */
  cancel(): void;
}

export const DEFAULT_SCAN_CONCURRENCY = 64;
/** Long enough for a busy server on Wi-Fi to answer /identity, short enough that a silent /24 is quick. */
export const DEFAULT_SCAN_TIMEOUT_MS = 1_000;

export function scanSubnet(options: ScanOptions): RunningScan {
  const { subnet, port, check, onFound, onProgress } = options;
  const total = subnet.hosts.length;
  const cancellation = new Cancellation();
  const seen: Record<string, true> = {};
  let next = 0;
  let probed = 0;
  let found = 0;
  let inFlight = 0;
  let peakInFlight = 0;

  const worker = (): Promise<void> => {
    if (cancellation.signal.aborted || next >= total) return Promise.resolve();
    const url = `http://${subnet.hosts[next++]}:${port}`;
    inFlight++;
    if (inFlight > peakInFlight) peakInFlight = inFlight;
    return check(url, cancellation.signal)
      .then(
        (answer) => answer,
        (): IdentityCheck => ({ ok: false, problem: 'nothing-answers' }),
      )
      .then((answer) => {
        inFlight--;
        if (cancellation.signal.aborted) return;
        probed++;
        if (answer.ok && !seen[answer.server.machineIdentifier]) {
          seen[answer.server.machineIdentifier] = true;
          found++;
          onFound(answer.server);
        }
        if (onProgress) onProgress(probed, total);
        return worker();
      });
  };

  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.max(1, Math.min(options.concurrency, total)); i++) workers.push(worker());
  const done = Promise.all(workers).then(
    (): ScanSummary => ({
      probed,
      total,
      found,
      peakInFlight,
      cancelled: cancellation.signal.aborted,
    }),
  );
  return { done, cancel: () => cancellation.cancel() };
}
