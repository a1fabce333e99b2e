import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { HomeServerConfig } from './config';
import { registerCors } from './cors';
import { AccountStore } from './db/account-store';
import { writePrivateFile } from './db/data-dir';
import { checkpoint, openDatabase } from './db/database';
import { DeviceStore } from './db/device-store';
import { PinStore } from './db/pin-store';
import { SettingsStore } from './db/settings-store';
import { SharedServerStore } from './db/shared-server-store';
import { TrackPreferenceStore } from './db/track-preference-store';
import { WebSessionStore } from './db/web-session-store';
import { registerErrorHandling } from './error-pages';
import { Accounts, ADMIN_USERNAME } from './link/accounts';
import { DeviceTokens } from './link/device-tokens';
import { HeldPolls } from './link/held-polls';
import { registerLinkApi } from './link/link-api';
import type { LinkService } from './link/link-service';
import { InMemoryPinEvents } from './link/pin-events';
import { Pins } from './link/pins';
import { SharedServers } from './link/shared-servers';
import { SignInGuard } from './link/sign-in-guard';
import { TokenSealer } from './link/token-sealer';
import { WrongCodeGuard } from './link/wrong-code-guard';
import { DEMO_SECTIONS } from './media/demo-library';
import { METADATA_ID_LIMIT } from './media/library-routes';
import { MediaLibrary, mediaCacheDir } from './media/media-library';
import { registerMediaServer } from './media/media-server';
import { TranscodeSessions } from './media/playback/transcode-sessions';
import { WebSessions } from './pages/web-sessions';
import { registerPages } from './pages/website';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limiter';
import { registerRequestLog } from './request-log';
import {
  defaultPublicUrl,
  isLoopbackHost,
  isSingleLoopbackAddress,
  type ServerAddress,
} from './server-address';
import { loadServerIdentity } from './server-identity';
import { registerStaticApps } from './static-apps';
import { decorateCaller } from './token-scope';
import { closeUnusedConnectionsOnClose } from './unused-connections';

export type { HomeServerConfig } from './config';
export type { RateLimits } from './rate-limiter';

export interface HomeServer {
  /** http://127.0.0.1:<port> (or the bound address when bound to one interface). */
  url: string;
  port: number;
  publicUrl: string;
  /** The admin password when this start created the admin with a random one; else null. */
  generatedAdminPassword: string | null;
  /** The media library (rows, scanner); `media.idle()` resolves when scans are done. */
  media: MediaLibrary;
  /** Moves recent writes from marquee.db-wal into marquee.db (also done every minute and on close). */
  checkpoint(): void;
  /** Long-polls held now (diagnostics). */
  heldPolls(): number;
  /** Releases held long-polls, stops listening, closes the database. */
  close(): Promise<void>;
}

export const INITIAL_ADMIN_PASSWORD_FILE = 'initial-admin-password';
/** Where the demo library is generated when MEDIA_DIR is unset. */
export const DEMO_MEDIA_DIR = 'demo-media';
/** Where HLS conversions write their segments; emptied at start and on shutdown. */
export const TRANSCODE_DIR = 'transcode';
/** Bodies are small forms and JSON; anything bigger is refused with 413. */
const BODY_LIMIT_BYTES = 16 * 1024;
const SWEEP_EVERY_MS = 60_000;
const CLOSE_SETTLE_MS = 10;

/** Starts the link service, the media server and the /link pages in one process on one SQLite file. */
export async function startHomeServer(config: HomeServerConfig): Promise<HomeServer> {
  const db = openDatabase(config.dataDir);
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // A path parameter can hold METADATA_ID_LIMIT ids of up to 15 digits and their commas (Fastify's default
    // of 100 characters refused lists of more than a dozen ids with 414).
    routerOptions: { maxParamLength: METADATA_ID_LIMIT * 16 },
    // Off unless TRUST_PROXY names the proxies: then request.ip (limits, logs, devices) is the forwarded client.
    trustProxy: config.trustProxy?.length ? config.trustProxy : false,
  });
  let media: MediaLibrary | null = null;
  let transcodes: TranscodeSessions | null = null;
  try {
    const settings = new SettingsStore(db);
    const identity = loadServerIdentity(settings);
    const accountStore = new AccountStore(db);
    const accounts = new Accounts(accountStore);
    const { generatedPassword } = await accounts.ensureAdmin(config.adminPassword);
    if (generatedPassword) {
      writePrivateFile(join(config.dataDir, INITIAL_ADMIN_PASSWORD_FILE), `${generatedPassword}\n`);
    }

    const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...config.limits };
    const devices = new DeviceStore(db);
    const tokens = new DeviceTokens(devices);
    const pinEvents = new InMemoryPinEvents();
    const pins = new Pins(new PinStore(db), tokens, pinEvents, {
      ttlSeconds: config.pinTtlSeconds,
      codeLength: config.codeLength,
    });
    const wrongCodes = new WrongCodeGuard(new RateLimiter(limits.wrongCodePerActor));
    const signIn = new SignInGuard(accounts, new RateLimiter(limits.signInPerIp));
    const signUpLimiter = new RateLimiter(limits.signUpPerIp);
    const heldPolls = new HeldPolls();
    const address: ServerAddress = { publicUrl: '', port: 0 };
    const service: LinkService = {
      accounts,
      devices,
      tokens,
      pins,
      pinEvents,
      heldPolls,
      wrongCodes,
      pinCreateLimiter: new RateLimiter(limits.pinCreatePerIp),
      signIn,
      identity,
      address,
      sharedServers: new SharedServers({
        store: new SharedServerStore(db),
        accounts: accountStore,
        sealer: TokenSealer.inDataDir(config.dataDir),
        self: identity,
      }),
      trackPreferences: new TrackPreferenceStore(db),
    };
    const cookieSecret = settings.getOrCreate('cookie_secret', () => randomSecret());
    const sessions = new WebSessions(new WebSessionStore(db), accounts, cookieSecret);
    const demo = config.mediaDir === null && config.demoLibrary;
    media = new MediaLibrary({
      db,
      mediaDir: config.mediaDir ?? (demo ? join(config.dataDir, DEMO_MEDIA_DIR) : null),
      sections: demo ? DEMO_SECTIONS : config.mediaSections,
      demo,
      demoSize: config.demoSize,
      cacheDir: mediaCacheDir(config.dataDir),
      log: config.log,
      watchDebounceMs: config.mediaWatchDebounceMs ?? 1000,
      keepSection: config.keepSection,
    });

    closeUnusedConnectionsOnClose(app);
    await app.register(formbody);
    // Bodies are forms or JSON; a text/plain body would read as no fields at all, so it is refused with 415.
    app.removeContentTypeParser('text/plain');
    registerRequestLog(app, config.log, config.logLevel ?? 'info');
    decorateCaller(app);
    registerErrorHandling(app, config.log);
    registerCors(app);
    registerLinkApi(app, service);
    transcodes = new TranscodeSessions({ workDir: join(config.dataDir, TRANSCODE_DIR), log: config.log });
    // What a killed earlier run left (folders, an ffmpeg still running) goes before this run serves.
    await transcodes.removeLeftovers();
    registerMediaServer(app, {
      verifier: tokens,
      identity,
      library: media,
      accounts: accountStore,
      transcodes,
      // The server's owner (PMS shows its owner more, e.g. Part.file): the admin account.
      ownerAccountId: accountStore.findByUsername(ADMIN_USERNAME)?.id ?? null,
      log: config.log,
    });
    registerPages(app, {
      sessions,
      accounts,
      pins,
      devices,
      wrongCodes,
      signIn,
      signUpLimiter,
      shared: service.sharedServers,
      trackPreferences: service.trackPreferences,
    });
    await registerStaticApps(app, config);

    await app.listen({ port: config.port, host: config.host });
    address.port = (app.server.address() as AddressInfo).port;
    address.publicUrl = config.publicUrl?.replace(/\/+$/, '') ?? defaultPublicUrl(config.host, address.port);

    const sweep = () => {
      pins.clearExpired();
      sessions.deleteExpired();
      checkpoint(db); // so a copy of marquee.db alone is at most a minute behind
    };
    sweep();
    const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
    sweeper.unref();
    // Demo generation and the first scan run in the background; requests are answered meanwhile.
    media.start();
    const library = media;
    const conversions = transcodes;

    let closing: Promise<void> | null = null;
    const close = () => {
      closing ??= (async () => {
        clearInterval(sweeper);
        pinEvents.close();
        await library.close();
        await conversions.shutdown();
        await app.close();
        checkpoint(db);
        db.close();
        // Let the event loop poll once more, so a client in this process (tests) notices its keep-alive
        // sockets were closed before a restart on the same port, instead of reusing a dead one.
        await new Promise((resolve) => setTimeout(resolve, CLOSE_SETTLE_MS));
      })();
      return closing;
    };

    return {
      url: `http://${localHost(config.host)}:${address.port}`,
      port: address.port,
      publicUrl: address.publicUrl,
      generatedAdminPassword: generatedPassword,
      media: library,
      heldPolls: () => heldPolls.count,
      checkpoint: () => checkpoint(db),
      close,
    };
  } catch (error) {
    await media?.close();
    await transcodes?.shutdown();
    await app.close();
    db.close();
    throw error;
  }
}

/** The address this machine itself reaches the server at. */
function localHost(host: string): string {
  if (isSingleLoopbackAddress(host)) return host; // e.g. 127.0.0.77 (tests' stand-in for a LAN address)
  if (host === '0.0.0.0' || host === '::' || host === '' || isLoopbackHost(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
