// Puts a stream on a <video>: files natively everywhere; HLS natively on TVs (Tizen and webOS play it, and
// jellyfin-web disables hls.js there, docs/platforms.md#video-playback) and through hls.js elsewhere, loaded
// only then. The home server's media playlist is a complete VOD playlist, the same for both
// (src/server/media/playback/segment-plan.ts); a growing EVENT playlist made desktop Chromium's own HLS jump to
// its "live" end and fail.

export type StreamKind = 'file' | 'hls';

export interface AttachedSource {
  detach(): void;
}

/**
 * Attaches `url`, to play from `startSeconds` of it, and resolves once the source is set (the <video> reports
 * loading and errors itself). `onFatal` hears about hls.js failures it cannot recover from.
 */
export async function attachSource(
  video: HTMLVideoElement,
  url: string,
  kind: StreamKind,
  nativeHls: boolean,
  startSeconds: number,
  onFatal: (message: string) => void,
): Promise<AttachedSource> {
  if (kind === 'file' || nativeHls) {
    video.src = url;
    const seekOnce = () => {
      video.removeEventListener('loadedmetadata', seekOnce);
      if (startSeconds > 0) video.currentTime = startSeconds;
    };
    video.addEventListener('loadedmetadata', seekOnce);
    return {
      detach() {
        video.removeEventListener('loadedmetadata', seekOnce);
        clearSource(video);
      },
    };
  }
  const Hls = await loadHls();
  if (!Hls.isSupported()) {
    onFatal('This TV can play neither HLS nor Media Source Extensions.');
    return { detach: () => clearSource(video) };
  }
  // hls.js loads from the start position first (no segments from 0 on the way to a resume point).
  const hls = new Hls({ maxBufferLength: 30, startPosition: startSeconds });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (data.fatal) onFatal(serverMessage(data.networkDetails) ?? `The stream failed (${data.details}).`);
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

type HlsClass = typeof import('hls.js').default;

let hlsLoading: Promise<HlsClass> | null = null;

/**
 * hls.js's light ES5 build (enough for these streams: no subtitles, alternate audio or DRM), loaded once by a
 * <script> from the file vite.config.ts copies into assets/ (hlsAsScript), not bundled: its polyfills would
 * otherwise load on every TV, which never runs it. The script sets window.Hls.
 */
function loadHls(): Promise<HlsClass> {
  if (!hlsLoading) {
    hlsLoading = new Promise<HlsClass>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = __HLS_SCRIPT__;
      script.onload = () => {
        const Hls = (window as unknown as { Hls?: HlsClass }).Hls;
        if (Hls) resolve(Hls);
        else reject(new Error('hls.js loaded but set no window.Hls'));
      };
      script.onerror = () => reject(new Error(`hls.js could not be loaded from ${__HLS_SCRIPT__}`));
      document.head.appendChild(script);
    });
    hlsLoading.catch(() => {
      hlsLoading = null; // the next stream tries again
    });
  }
  return hlsLoading;
}

/**
 * What the server said about a refused playlist or segment: the message of its Plex error body
 * (`{"errors":[{"message":…}]}`, e.g. "The video could not be converted" when the conversion failed), read from
 * hls.js's request. null when there is none (another server, a lost connection, native HLS).
 */
export function serverMessage(networkDetails: unknown): string | null {
  const request = networkDetails as Partial<XMLHttpRequest> | null | undefined;
  if (!request || typeof request.status !== 'number' || request.status < 400) return null;
  try {
    // Playlists are fetched as text, segments as an ArrayBuffer.
    const body =
      request.responseType === 'arraybuffer'
        ? typeof TextDecoder === 'function' && request.response
          ? new TextDecoder().decode(request.response as ArrayBuffer)
          : ''
        : (request.responseText ?? '');
    const message = (JSON.parse(body) as { errors?: { message?: unknown }[] }).errors?.[0]?.message;
    if (typeof message !== 'string' || message.trim() === '') return null;
    return /[.!?]$/.test(message) ? message : `${message}.`;
  } catch {
    return null; // not JSON
  }
}

/** Stops loading: an emptied src ends the download instead of leaving the element buffering. */
function clearSource(video: HTMLVideoElement): void {
  video.pause();
  video.removeAttribute('src');
  video.load();
}
