import { useEffect, useState } from 'react';
import { QR_QUIET_ZONE, type QrShape, qrShape } from './qr-path';

/**
 * A QR code of `text`, dark on white with its quiet zone, scaled to `sizePx`. Encoded in an effect, right
 * after the code beside it is on screen: encoding takes tens of ms on a TV's CPU, and the code is what the
 * viewer waits for (until then the screen's placeholder shows, activation.css).
 */
export function QrCode({ text, sizePx }: { text: string; sizePx: number }) {
  const [encoded, setEncoded] = useState<{ text: string; shape: QrShape } | null>(null);
  useEffect(() => {
    setEncoded({ text, shape: qrShape(text) });
  }, [text]);

  if (!encoded || encoded.text !== text) return <div className="activation__qr-placeholder" />;
  const { shape } = encoded;
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
