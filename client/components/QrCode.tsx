/**
 * A QR code drawn as SVG squares from the text (qrcode-generator computes the modules; nothing
 * is inserted as HTML). Error correction M; a quiet zone of four modules, as the standard asks.
 */
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

const QUIET = 4;

export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { count, path } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const n = qr.getModuleCount();
    let d = '';
    for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) if (qr.isDark(row, col)) d += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
    return { count: n + QUIET * 2, path: d };
  }, [text]);
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${count} ${count}`} shapeRendering="crispEdges" className="app-qr">
      <rect width={count} height={count} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
