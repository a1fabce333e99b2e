import { create } from 'qrcode/lib/core/qrcode';

export interface QrShape {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One SVG path of unit squares, one per dark module, offset by the quiet zone. */
  path: string;
}

/** The quiet zone scanners need around a QR code, in modules. */
export const QR_QUIET_ZONE = 4;

/** Encodes text as a QR code drawn by one SVG path: crisp at any scale, no canvas needed. */
export function qrShape(text: string): QrShape {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h1v1h-1z`;
    }
  }
  return { size: modules.size, path };
}
