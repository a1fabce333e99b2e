// qrcode's encoder alone, without its canvas/SVG renderers (keeps them out of the TV bundle).
declare module 'qrcode/lib/core/qrcode' {
  export interface QRCodeMatrix {
    modules: { size: number; get(row: number, col: number): boolean | number };
  }
  export function create(
    text: string,
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
  ): QRCodeMatrix;
}
