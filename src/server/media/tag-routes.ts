import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TagKind } from '../db/tag-store';
import { PlexError, sendPlexError } from '../plex-request';
import { type ListRoutesOptions, SECTION_PARAMS } from './section-routes';

// A section's tags as PMS lists them for its filter choices (docs/protocol.md#tags-from-nfo-files):
// `/library/sections/{key}/genre` and `/actor`, one Directory per tag the section's movies or shows have, with
// `key` the tag's id and `fastKey` the listing it filters to. Clients (python-plexapi, @ctrl/plex) read these
// to offer a genre or to turn a name into the id they filter by.

const IDENTIFIER = 'com.plexapp.plugins.library';

/** The filter field each route lists, the kind of tag behind it and PMS's title for the list. */
const TAG_LISTS: { field: string; kind: TagKind; title: string }[] = [
  { field: 'genre', kind: 'genre', title: 'By Genre' },
  { field: 'actor', kind: 'role', title: 'By Actor' },
];

export function registerTagRoutes(app: FastifyInstance, { library }: ListRoutesOptions): void {
  const { store } = library;
  for (const list of TAG_LISTS) {
    app.get(
      `/library/sections/:key/${list.field}`,
      { schema: { params: SECTION_PARAMS } },
      async (request: FastifyRequest<{ Params: { key: string } }>, reply) => {
        const section = store.section(Number(request.params.key));
        if (!section) return sendPlexError(reply, PlexError.notFound);
        const tags = store.tags.ofSection(section.id, section.type, list.kind);
        return reply.send({
          MediaContainer: {
            size: tags.length,
            allowSync: false,
            content: 'secondary',
            identifier: IDENTIFIER,
            librarySectionID: section.id,
            title1: section.title,
            title2: list.title,
            viewGroup: 'secondary',
            Directory: tags.map((tag) => ({
              fastKey: `/library/sections/${section.id}/all?${list.field}=${tag.id}`,
              key: String(tag.id),
              title: tag.tag,
              type: list.field,
            })),
          },
        });
      },
    );
  }
}
