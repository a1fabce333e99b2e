/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The account service a packaged TV app uses when it has no ?server= and no origin (file://). */
  readonly VITE_MARQUEE_SERVER?: string;
}
