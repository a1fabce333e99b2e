import type { PlexHub, PlexMetadata, PlexSection } from '../protocol/plex-media';
import { PlexRequestError } from './errors';
import type { HttpResponse } from './http';
import { looseNumber } from './loose';

// Reading a PMS JSON answer as real servers send it (recorded answers in test/fixtures/plex): every answer
// is wrapped in a MediaContainer, ids arrive as strings or numbers, arrays may be missing. The app gets
// the shapes of src/protocol/plex-media.ts with ids as strings, so `a.ratingKey === b.ratingKey` holds.

/** The MediaContainer of a parsed answer; a body without one is the server's fault, not a crash. */
export function mediaContainerOf<Container>(body: unknown, response: HttpResponse): Container {
  const container = isObject(body) ? body.MediaContainer : undefined;
  if (!isObject(container)) {
    throw new PlexRequestError(
      'bad-response',
      'The server answered without a MediaContainer',
      response.status,
    );
  }
  return container as Container;
}

/** Paging of a list answer: the body's offset/totalSize, else PMS's X-Plex-Container-* response headers. */
export function pagingOf(
  container: { offset?: unknown; totalSize?: unknown },
  response: HttpResponse,
): { offset: number | null; totalSize: number | null } {
  return {
    offset: looseNumber(asLoose(container.offset)) ?? looseNumber(response.header('X-Plex-Container-Start')),
    totalSize:
      looseNumber(asLoose(container.totalSize)) ??
      looseNumber(response.header('X-Plex-Container-Total-Size')),
  };
}

/** The entries of a Metadata/Directory/Hub array that are objects; none when the array is missing. */
export function entriesOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Wire Metadata with its ids as strings. */
export function metadataOf(raw: Record<string, unknown>): PlexMetadata {
  const metadata = { ...raw } as unknown as PlexMetadata;
  metadata.ratingKey = idOf(raw.ratingKey) ?? '';
  const parent = idOf(raw.parentRatingKey);
  if (parent !== null) metadata.parentRatingKey = parent;
  const grandparent = idOf(raw.grandparentRatingKey);
  if (grandparent !== null) metadata.grandparentRatingKey = grandparent;
  return metadata;
}

/** A library section with its key as a string. */
export function sectionOf(raw: Record<string, unknown>): PlexSection {
  return { ...raw, key: idOf(raw.key) ?? '' } as unknown as PlexSection;
}

/** A hub with its identifier as a string and its items read as Metadata. */
export function hubOf(raw: Record<string, unknown>): PlexHub {
  const hub = { ...raw } as unknown as PlexHub;
  hub.hubIdentifier = idOf(raw.hubIdentifier) ?? '';
  hub.title = typeof raw.title === 'string' ? raw.title : '';
  hub.Metadata = entriesOf(raw.Metadata).map(metadataOf);
  return hub;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function asLoose(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
