// The part of plex-api (node-plex-api, plain JavaScript) its tests use.
declare module 'plex-api' {
  interface PlexApiOptions {
    hostname: string;
    port?: number;
    https?: boolean;
    token?: string;
    timeout?: number;
    /** Passed to the `request` library as they are. */
    requestOptions?: Record<string, unknown>;
    options?: {
      identifier?: string;
      product?: string;
      version?: string;
      deviceName?: string;
      platform?: string;
    };
  }
  interface QueryOptions {
    uri: string;
    extraHeaders?: Record<string, string>;
  }
  // biome-ignore lint/suspicious/noExplicitAny: the library answers whatever the server sent, parsed.
  type Answer = any;
  export default class PlexAPI {
    constructor(options: PlexApiOptions);
    hostname: string;
    port: number;
    getIdentifier(): string;
    query(options: string | QueryOptions): Promise<Answer>;
    postQuery(options: string | QueryOptions): Promise<Answer>;
    putQuery(options: string | QueryOptions): Promise<Answer>;
    perform(options: string | QueryOptions): Promise<void>;
    find(options: string | QueryOptions, criterias?: Record<string, string>): Promise<Answer[]>;
  }
}
