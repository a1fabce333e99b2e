import type { DocumentLike } from './env';

// Shown/hidden. Unprefixed `visibilitychange` is Chrome 62+, so webOS 3/4 and Tizen 3/4 may only send
// `webkitvisibilitychange` with `document.webkitHidden` (docs/platforms.md#visibility).

interface VisibilityApi {
  event: string;
  hidden: (document: DocumentLike) => boolean;
}

function visibilityApi(document: DocumentLike): VisibilityApi | null {
  if ('hidden' in document) return { event: 'visibilitychange', hidden: (d) => !!d.hidden };
  if ('webkitHidden' in document) return { event: 'webkitvisibilitychange', hidden: (d) => !!d.webkitHidden };
  return null;
}

export function isDocumentVisible(document: DocumentLike): boolean {
  const api = visibilityApi(document);
  return api ? !api.hidden(document) : true;
}

/** Calls back with true when shown and false when hidden; returns the unsubscribe. */
export function subscribeVisibility(
  document: DocumentLike,
  listener: (visible: boolean) => void,
): () => void {
  const api = visibilityApi(document);
  if (!api) return () => {};
  const onChange = () => listener(!api.hidden(document));
  document.addEventListener(api.event, onChange);
  return () => document.removeEventListener(api.event, onChange);
}
