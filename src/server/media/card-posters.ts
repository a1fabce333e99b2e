import type { ItemType, LibraryStore } from '../db/library-store';
import type { LibraryImages, PhotoSize } from './images';
import type { ScanListener } from './scanner';

// Posters are made when a scan adds or changes an item, not on a TV's first request: the item's poster (local
// artwork, else a frame grab) and its card-size version go into the image cache in the background, so a grid
// that scrolls into new rows finds them ready (a frame grab and its card size come from one ffmpeg run). One item at a time: LibraryImages runs two ffmpegs at most, so a
// request always has one of them free. A changed or removed file's cached images are dropped in the same queue,
// in order. Nothing here is awaited by the scan or a request, and a failure is logged, never thrown.

/**
 * The sizes the TV asks `/photo/:/transcode` for on its cards: 200×300, cropped to fill and upscaled
 * (`minSize=1&upscale=1`, src/plex/server-client.ts `photoUrl`, called with the card size by
 * src/tv/screens/section/SectionScreen.tsx and the home, search and details screens).
 */
export const CARD_POSTER_SIZES: readonly PhotoSize[] = [
  { width: 200, height: 300, cover: true, upscale: true },
];

/** Items read at a time when every card is queued (the event loop breathes between pages). */
const QUEUE_PAGE = 500;

type Job =
  | { kind: 'make'; itemId: number }
  | { kind: 'drop-part'; partId: number; keepMtime: number | null }
  | { kind: 'drop-local'; relative: string };

export class CardPosters implements ScanListener {
  private readonly jobs: Job[] = [];
  private next = 0;
  /** Items with a `make` job waiting (one is enough). */
  private readonly waiting = new Set<number>();
  private working: Promise<void> | null = null;
  /** queueAll() at work. */
  private listing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: LibraryStore,
    private readonly images: LibraryImages,
    private readonly log: (line: string) => void,
  ) {}

  /** A file's item was stored: make the posters of the items whose cards show it. */
  stored(itemIds: number[]): void {
    for (const itemId of itemIds) {
      if (this.waiting.has(itemId)) continue;
      this.waiting.add(itemId);
      this.add({ kind: 'make', itemId });
    }
  }

  /**
   * Queues every card's item, once the server's first scan is done: a library scanned by an older server, or a
   * cache emptied since, gets its posters too; those already made are passed over quickly (no ffmpeg).
   */
  queueAll(): Promise<void> {
    this.listing ??= this.listAll().finally(() => {
      this.listing = null;
    });
    return this.listing;
  }

  private async listAll(): Promise<void> {
    for (const section of this.store.sections()) {
      const types: ItemType[] = section.type === 'movie' ? ['movie'] : ['show', 'season'];
      for (const type of types) {
        for (let start = 0; !this.stopped; start += QUEUE_PAGE) {
          const rows = this.store.pageItems(section.id, type, 'addedAt:desc', start, QUEUE_PAGE);
          this.stored(rows.map((row) => row.id));
          if (rows.length < QUEUE_PAGE) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
  }

  /**
   * A known file changed (`newMtime`, its mtime now) or went (null), before its rows change: its frame grabs
   * and their versions are dropped; when it went with its item, so are the versions of the item's artwork.
   */
  partChanged(part: { id: number; item_id: number }, newMtime: number | null): void {
    this.add({ kind: 'drop-part', partId: part.id, keepMtime: newMtime });
    if (newMtime !== null) return;
    const item = this.store.item(part.item_id);
    if (
      !item ||
      this.store
        .partsOfItems([item.id])
        .get(item.id)
        ?.some((other) => other.id !== part.id)
    )
      return;
    for (const relative of [item.poster, item.art]) {
      if (relative) this.add({ kind: 'drop-local', relative });
    }
  }

  /** Resolves when every queued job is done (and queueAll, if called, has queued them all). */
  async idle(): Promise<void> {
    while (this.listing || this.working) await (this.listing ?? this.working);
  }

  /** Drops what is queued and waits for the job at work (the server is closing). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.jobs.length = 0;
    this.next = 0;
    this.waiting.clear();
    await this.idle();
  }

  private add(job: Job): void {
    if (this.stopped) return;
    this.jobs.push(job);
    this.working ??= this.work();
  }

  private async work(): Promise<void> {
    // Starts after add() returns, so `working` is set before the end below clears it.
    await null;
    try {
      while (!this.stopped && this.next < this.jobs.length) {
        const job = this.jobs[this.next++];
        try {
          await this.run(job);
        } catch (error) {
          this.log(`media: ${describe(job)} failed: ${(error as Error).message}`);
        }
      }
    } finally {
      // In the same step as the last check: a job added from now on starts a new run.
      this.jobs.length = 0;
      this.next = 0;
      this.working = null;
    }
  }

  private async run(job: Job): Promise<void> {
    if (job.kind === 'drop-part') return this.images.dropPart(job.partId, job.keepMtime);
    if (job.kind === 'drop-local') return this.images.dropLocal(job.relative);
    this.waiting.delete(job.itemId);
    const item = this.store.item(job.itemId);
    if (!item) return;
    // A frame grab not made yet comes with its card sizes from the same ffmpeg run; transcode() then finds them.
    const poster = await this.images.imageFile(item, 'thumb', CARD_POSTER_SIZES);
    if (!poster) return;
    for (const size of CARD_POSTER_SIZES) await this.images.transcode(poster, size);
  }
}

function describe(job: Job): string {
  if (job.kind === 'make') return `making the poster of item ${job.itemId}`;
  if (job.kind === 'drop-part') return `dropping the images of part ${job.partId}`;
  return `dropping the resized versions of ${job.relative}`;
}
