import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

// A stand-in for plex.tv on 127.0.0.1 that answers with recorded plex.tv answers (test/fixtures/plex, see
// SOURCES.md): the new pin, then the linked pin once the test says a person entered the code, the user, and
// the account's resources. Only the server resource is rewritten, to point at the test's home server with a
// token that server issued. CORS is open, as plex.tv's API is for its web app.

const FIXTURES = fileURLToPath(new URL('../fixtures/plex/', import.meta.url));

function recorded(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

export interface StandInServer {
  /** The home server the account's server resource points at. */
  url: string;
  machineIdentifier: string;
  /** A token the home server accepts (a device linked to it). */
  token: string;
}

export interface PlexTvStandIn {
  /** http://127.0.0.1:<port> */
  url: string;
  /** "A person entered the code at plex.tv/link": the next poll of the pin answers it linked. */
  link(): void;
  /** Method and path (no query) of every request, and the X-Plex-Client-Identifier it carried. */
  requests: { method: string; path: string; clientIdentifier: string | null }[];
  close(): Promise<void>;
}

/** The recorded token of pins_linked.json and user_info_free.json. */
const RECORDED_TOKEN = 'auth_token';

export async function startPlexTvStandIn(server: StandInServer): Promise<PlexTvStandIn> {
  const newPin = recorded('plex-api-rs/pins_new.json');
  const linkedPin = recorded('plex-api-rs/pins_linked.json');
  const pinId = (JSON.parse(newPin) as { id: number }).id;
  const user = recorded('plex-api-rs/user_info_free.json');
  const resources = JSON.stringify(resourcesFor(server));
  let linked = false;
  const requests: PlexTvStandIn['requests'] = [];

  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const method = request.method ?? 'GET';
    const token = request.headers['x-plex-token'] ?? url.searchParams.get('X-Plex-Token');
    requests.push({
      method,
      path: url.pathname,
      clientIdentifier: url.searchParams.get('X-Plex-Client-Identifier'),
    });
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Headers', 'X-Plex-Token, Accept, Content-Type');
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    const send = (status: number, body = '') => {
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
    };
    if (method === 'OPTIONS') return send(204);
    if (method === 'POST' && url.pathname === '/api/v2/pins') return send(201, newPin);
    if (method === 'GET' && url.pathname === `/api/v2/pins/${pinId}`)
      return send(200, linked ? linkedPin : newPin);
    const signedIn = token === RECORDED_TOKEN;
    if (!signedIn && url.pathname.startsWith('/api/v2/'))
      return send(401, '{"errors":[{"code":1001,"message":"User could not be authenticated"}]}');
    if (method === 'GET' && url.pathname === '/api/v2/user') return send(200, user);
    if (method === 'GET' && url.pathname === '/api/v2/resources') return send(200, resources);
    if (method === 'DELETE' && url.pathname === '/api/v2/users/signout') return send(204);
    return send(404, '{"errors":[{"code":404,"message":"Not found"}]}');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    link: () => {
      linked = true;
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/**
 * The recorded server "Box" pointing at the home server; the recorded iPhone player (never probed: it is not a
 * server) and the recorded server without connections (listed, unreachable, never probed). Every other recorded
 * address is dropped, so the TV sends nothing outside 127.0.0.0/8.
 */
function resourcesFor(server: StandInServer): Record<string, unknown>[] {
  const [box] = JSON.parse(recorded('plex-api-rs/resources.json')) as Record<string, unknown>[];
  const players = (JSON.parse(recorded('plexkit/resources.json')) as { provides: string }[]).filter(
    (resource) => resource.provides.split(',').indexOf('server') < 0,
  );
  const [noConnections] = JSON.parse(recorded('plexkit/resources_no_connections.json')) as Record<
    string,
    unknown
  >[];
  const home = new URL(server.url);
  const pointed = {
    ...box,
    clientIdentifier: server.machineIdentifier,
    accessToken: server.token,
    publicAddress: home.hostname,
    connections: [
      {
        protocol: 'http',
        address: home.hostname,
        port: Number(home.port),
        uri: home.origin,
        local: true,
        relay: false,
        IPv6: false,
      },
    ],
  };
  const answer = [pointed, ...players, noConnections];
  for (const resource of answer as { provides: string; connections?: { uri: string }[] }[]) {
    if (resource.provides.split(',').indexOf('server') < 0) continue;
    for (const connection of resource.connections ?? []) {
      if (!/^https?:\/\/127\.\d+\.\d+\.\d+(:\d+)?$/.test(connection.uri)) {
        throw new Error(`The stand-in would send the TV to ${connection.uri}, outside 127.0.0.0/8`);
      }
    }
  }
  return answer;
}
