import { useMemo } from 'react';
import { QR_QUIET_ZONE, qrShape } from './qr-path';

/** A QR code of `text`, dark on white with its quiet zone, scaled to `sizePx`. */
export function QrCode({ text, sizePx }: { text: string; sizePx: number }) {
  const shape = useMemo(() => qrShape(text), [text]);
  const extent = shape.size + QR_QUIET_ZONE * 2;
  return (
    <svg
      className="qr-code"
      data-testid="activation-qr"
      width={sizePx}
      height={sizePx}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
      role="img"
      aria-label="QR code for the link page"
    >
      <rect width={extent} height={extent} fill="#fff" />
      <path d={shape.path} fill="#000" />
    </svg>
  );
}
