import type { HttpRequest, Transport } from '../../src/plex/http';

// Recorded answers of real Plex servers and plex.tv (test/fixtures/plex, sources in SOURCES.md), served
// to the client through a fake transport that records every request.

// Read as text, exactly as recorded (the unit suite runs without Node's fs in its types).
const FIXTURES = import.meta.glob<string>('../fixtures/plex/**/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** A fixture's text as recorded, e.g. fixture('plexkit/pin_no_id.json'). */
export function fixture(name: string): string {
  const text = FIXTURES[`../fixtures/plex/${name}`];
  if (text === undefined) throw new Error(`No fixture test/fixtures/plex/${name}`);
  return text;
}

export interface Answer {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

/** Answers each request with the first route whose path matches (404 when none does). */
export function routedTransport(routes: [path: string | RegExp, answer: Answer][]) {
  const requests: HttpRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    const path = new URL(request.url).pathname;
    const route = routes.find(([match]) => (typeof match === 'string' ? path === match : match.test(path)));
    const answer = route ? route[1] : { status: 404, body: '' };
    const headers = answer.headers ?? {};
    return {
      status: answer.status ?? 200,
      text: answer.body,
      header: (name) => {
        const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
        return key === undefined ? null : headers[key];
      },
    };
  };
  return { transport, requests };
}

export const identity = {
  clientIdentifier: 'tv-1',
  product: 'Marquee',
  version: '0.1.0',
  platform: 'Tizen',
  platformVersion: '4.0',
  device: 'Samsung TV',
  model: 'UE55',
  deviceName: 'Living Room TV',
};
