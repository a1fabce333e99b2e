import { useState } from 'react';

export interface PosterProps {
  /** A server-resized image at the size shown (photoUrl), or null when the item has none. */
  src: string | null;
  /** Shown in place of the image when there is none or it fails to load. */
  title: string;
  width: number;
  height: number;
}

/**
 * An image that loads only while its card is mounted (virtualised lists mount only what is near the
 * view), with a skeleton until it arrives and the title in its place when it fails.
 */
export function Poster({ src, title, width, height }: PosterProps) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>(src ? 'loading' : 'failed');
  const [shownSrc, setShownSrc] = useState(src);
  if (shownSrc !== src) {
    // Same card, another image (a re-used cell): start over.
    setShownSrc(src);
    setState(src ? 'loading' : 'failed');
  }
  return (
    <div className="poster" style={{ width, height }}>
      {state !== 'loaded' ? (
        <div className={`poster__placeholder${state === 'loading' ? ' skeleton' : ''}`}>
          {state === 'failed' ? <span className="poster__title">{title}</span> : null}
        </div>
      ) : null}
      {src && state !== 'failed' ? (
        <img
          className={`poster__image${state === 'loaded' ? ' is-loaded' : ''}`}
          src={src}
          alt=""
          width={width}
          height={height}
          onLoad={() => setState('loaded')}
          onError={() => setState('failed')}
        />
      ) : null}
    </div>
  );
}
