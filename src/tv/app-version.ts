// The app version sent as X-Plex-Version. Kept equal to package.json's "version" by a unit test
// (test/unit/platform-app-version.test.ts), so the TV bundle does not need to import package.json.
export const APP_VERSION = '0.1.0';
