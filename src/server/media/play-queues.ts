// Play queues (docs/protocol.md#play-queues): what a client plays in order, as PMS keeps them under
// /playQueues/{id}. Kept in memory, per account, for the life of the process (no table holds them): a restart
// forgets them, and a client that asks for a forgotten queue gets 404 and makes a new one. Each account keeps its
// newest MAX_QUEUES_PER_ACCOUNT queues; a queue holds at most MAX_ITEMS items.

export const MAX_QUEUES_PER_ACCOUNT = 20;
export const MAX_ITEMS = 5000;
const MAX_QUEUES = 1000;

export interface PlayQueueItem {
  /** The queue's own id for this entry (playQueueItemID): an item may be queued twice. */
  id: number;
  ratingKey: number;
}

export interface PlayQueue {
  id: number;
  accountId: number;
  /** The `uri` it was made from (playQueueSourceURI). */
  sourceUri: string;
  items: PlayQueueItem[];
  /** The entry playing or about to play (playQueueSelectedItemID); -1 when the queue is empty. */
  selectedItemId: number;
  shuffled: boolean;
  /** Bumped on every change (playQueueVersion). */
  version: number;
  /** The last entry added by `add` (playQueueLastAddedItemID), if any. */
  lastAddedItemId: number | null;
}

export interface NewPlayQueue {
  accountId: number;
  sourceUri: string;
  ratingKeys: number[];
  /** The item to select (the first when absent or not in the queue). */
  selectedRatingKey?: number;
  shuffle?: boolean;
  /** For tests: a shuffle that can be checked (default Math.random). */
  random?: () => number;
}

export class PlayQueues {
  private readonly queues = new Map<number, PlayQueue>();
  private nextQueueId = 1;
  private nextItemId = 1;

  create(request: NewPlayQueue): PlayQueue {
    let items = request.ratingKeys.slice(0, MAX_ITEMS).map((ratingKey) => this.newItem(ratingKey));
    const selected = items.find((item) => item.ratingKey === request.selectedRatingKey) ?? items[0] ?? null;
    if (request.shuffle && selected) {
      // The selected item plays first; the rest in a random order (Fisher–Yates).
      const rest = items.filter((item) => item !== selected);
      const random = request.random ?? Math.random;
      for (let index = rest.length - 1; index > 0; index--) {
        const other = Math.floor(random() * (index + 1));
        [rest[index], rest[other]] = [rest[other], rest[index]];
      }
      items = [selected, ...rest];
    }
    const queue: PlayQueue = {
      id: this.nextQueueId++,
      accountId: request.accountId,
      sourceUri: request.sourceUri,
      items,
      selectedItemId: selected?.id ?? -1,
      shuffled: request.shuffle === true,
      version: 1,
      lastAddedItemId: null,
    };
    this.queues.set(queue.id, queue);
    this.dropOld(request.accountId);
    return queue;
  }

  /** The account's queue, or null (another account's queue is not found, as PMS keeps queues per user). */
  get(accountId: number, queueId: number): PlayQueue | null {
    const queue = this.queues.get(queueId);
    return queue && queue.accountId === accountId ? queue : null;
  }

  /** Adds items at the end, or right after the selected one (`next`, "play next"). */
  add(queue: PlayQueue, ratingKeys: number[], next: boolean): void {
    const room = Math.max(0, MAX_ITEMS - queue.items.length);
    const added = ratingKeys.slice(0, room).map((ratingKey) => this.newItem(ratingKey));
    if (added.length === 0) return;
    const selectedIndex = queue.items.findIndex((item) => item.id === queue.selectedItemId);
    const at = next && selectedIndex >= 0 ? selectedIndex + 1 : queue.items.length;
    queue.items.splice(at, 0, ...added);
    if (queue.selectedItemId === -1) queue.selectedItemId = added[0].id;
    queue.lastAddedItemId = added[added.length - 1].id;
    queue.version += 1;
  }

  /** Removes one entry; the selection moves to the entry after it (or before, at the end). False if absent. */
  remove(queue: PlayQueue, itemId: number): boolean {
    const index = queue.items.findIndex((item) => item.id === itemId);
    if (index < 0) return false;
    queue.items.splice(index, 1);
    if (queue.selectedItemId === itemId) {
      queue.selectedItemId = (queue.items[index] ?? queue.items[index - 1])?.id ?? -1;
    }
    queue.version += 1;
    return true;
  }

  /** Moves an entry to the start, or right after `afterItemId`. False if either is absent. */
  move(queue: PlayQueue, itemId: number, afterItemId: number | null): boolean {
    const index = queue.items.findIndex((item) => item.id === itemId);
    if (index < 0 || itemId === afterItemId) return false;
    if (afterItemId !== null && !queue.items.some((item) => item.id === afterItemId)) return false;
    const [moved] = queue.items.splice(index, 1);
    const at = afterItemId === null ? 0 : queue.items.findIndex((item) => item.id === afterItemId) + 1;
    queue.items.splice(at, 0, moved);
    queue.version += 1;
    return true;
  }

  private newItem(ratingKey: number): PlayQueueItem {
    return { id: this.nextItemId++, ratingKey };
  }

  /** Keeps each account's newest queues, and a bound on all of them. */
  private dropOld(accountId: number): void {
    const own = [...this.queues.values()].filter((queue) => queue.accountId === accountId);
    for (const queue of own.slice(0, Math.max(0, own.length - MAX_QUEUES_PER_ACCOUNT))) {
      this.queues.delete(queue.id);
    }
    for (const id of this.queues.keys()) {
      if (this.queues.size <= MAX_QUEUES) break;
      this.queues.delete(id);
    }
  }
}
