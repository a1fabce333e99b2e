// Puts a stream on a <video>: natively where the engine plays it (files everywhere; HLS on Tizen, webOS and
// Chromium with native HLS), else through hls.js, loaded only then (tv-platforms.md §5: jellyfin-web
// disables hls.js on TVs, whose native players handle HLS and seeking better).

export type StreamKind = 'file' | 'hls';

export interface AttachedSource {
  detach(): void;
}

const HLS_MIME = 'application/vnd.apple.mpegurl';

export function playsHlsNatively(video: Pick<HTMLVideoElement, 'canPlayType'>): boolean {
  return video.canPlayType(HLS_MIME) !== '';
}

/**
 * Attaches `url` and resolves once the source is set (the <video> reports loading and errors itself).
 * `onFatal` hears about hls.js failures it cannot recover from.
 */
export async function attachSource(
  video: HTMLVideoElement,
  url: string,
  kind: StreamKind,
  onFatal: (message: string) => void,
): Promise<AttachedSource> {
  if (kind === 'file' || playsHlsNatively(video)) {
    video.src = url;
    return { detach: () => clearSource(video) };
  }
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) {
    onFatal('This TV can play neither HLS nor Media Source Extensions.');
    return { detach: () => clearSource(video) };
  }
  const hls = new Hls({ maxBufferLength: 30 });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (data.fatal) onFatal(`The stream failed (${data.details}).`);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    detach() {
      hls.destroy();
      clearSource(video);
    },
  };
}

/** Stops loading: an emptied src ends the download instead of leaving the element buffering. */
function clearSource(video: HTMLVideoElement): void {
  video.pause();
  video.removeAttribute('src');
  video.load();
}
