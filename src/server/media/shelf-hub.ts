import type { PlexHub } from '../../protocol/plex-media';
import type { ItemRow } from '../db/library-store';
import { type MetadataContext, toMetadata } from './metadata';

/** A hub's names, where its whole list is, and its rows read one past `count` (so `more` can be told). */
export interface ShelfHubSpec<Extra extends object> {
  title: string;
  type: string;
  hubIdentifier: string;
  /** The hub's whole list (PMS sends it as both key and hubKey). */
  key: string;
  rows: ItemRow[];
  count: number;
  /** Fields some hubs add: promoted, librarySectionID… */
  extra?: Extra;
}

/** PMS's "shelf" hub (/hubs, /hubs/promoted, /hubs/sections/:key): the first `count` rows as its Metadata. */
export function shelfHub<Extra extends object = object>(
  context: MetadataContext,
  spec: ShelfHubSpec<Extra>,
): PlexHub & Extra {
  const metadata = toMetadata(context, spec.rows.slice(0, spec.count));
  return {
    key: spec.key,
    hubKey: spec.key,
    title: spec.title,
    type: spec.type,
    hubIdentifier: spec.hubIdentifier,
    context: `hub.${spec.hubIdentifier}`,
    size: metadata.length,
    more: spec.rows.length > spec.count,
    style: 'shelf',
    ...(spec.extra as Extra),
    Metadata: metadata,
  };
}
