/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** An optional default account service for a packaged TV app with no ?server= (else: the welcome screen). */
  readonly VITE_MARQUEE_SERVER?: string;
  /** Where "Sign in with Plex" goes (default https://plex.tv); `?plextv=` overrides it. */
  readonly VITE_MARQUEE_PLEXTV?: string;
  /** The port the LAN scan looks for home servers on (default 32400); `?scanport=` overrides it. */
  readonly VITE_MARQUEE_SCAN_PORT?: string;
}

/** hls.js's light ES5 build, relative to the page (vite.config.ts hlsAsScript): a script that sets window.Hls. */
declare const __HLS_SCRIPT__: string;
