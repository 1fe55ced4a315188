/**
 * The share link's QR code: drawn as SVG (no HTML inserted), with the three finder patterns of
 * a QR symbol at its corners, a quiet zone, and a size that grows with what it holds.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { QrCode } from '../../client/components/QrCode.tsx';

const link = 'https://supervision.example/#/receive/AbCdEfGhIjKlMnOpQrStUv/0123456789abcdefghijABCDEFGHIJ-_0123456789a';

function darkCells(svg: SVGSVGElement): Set<string> {
  const d = svg.querySelector('path')?.getAttribute('d') ?? '';
  return new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map(([, x, y]) => `${x},${y}`));
}

describe('QrCode', () => {
  it('is an image named for what it holds, with finder patterns in three corners and a quiet zone', () => {
    render(<QrCode text={link} label="QR code of the secure link" />);
    const svg = screen.getByRole('img', { name: 'QR code of the secure link' }) as unknown as SVGSVGElement;
    const size = Number(svg.getAttribute('viewBox')?.split(' ')[2]);
    const modules = size - 8;
    // Version n has 17 + 4n modules a side.
    expect((modules - 17) % 4).toBe(0);
    const dark = darkCells(svg);
    const finderAt = (x0: number, y0: number) => {
      for (let i = 0; i < 7; i++) {
        for (const [x, y] of [[x0 + i, y0], [x0 + i, y0 + 6], [x0, y0 + i], [x0 + 6, y0 + i]] as const) expect(dark.has(`${x},${y}`), `${x},${y}`).toBe(true);
      }
      expect(dark.has(`${x0 + 1},${y0 + 1}`)).toBe(false);
      expect(dark.has(`${x0 + 3},${y0 + 3}`)).toBe(true);
    };
    finderAt(4, 4);
    finderAt(4 + modules - 7, 4);
    finderAt(4, 4 + modules - 7);
    // Nothing is drawn in the quiet zone.
    for (const cell of dark) {
      const [x, y] = cell.split(',').map(Number) as [number, number];
      expect(x >= 4 && y >= 4 && x < 4 + modules && y < 4 + modules).toBe(true);
    }
    expect(svg.querySelector('script, foreignObject')).toBeNull();
  });

  it('grows with longer text', () => {
    const { container, rerender } = render(<QrCode text="short" label="QR" />);
    const small = Number(container.querySelector('svg')?.getAttribute('viewBox')?.split(' ')[2]);
    rerender(<QrCode text={link.repeat(3)} label="QR" />);
    const large = Number(container.querySelector('svg')?.getAttribute('viewBox')?.split(' ')[2]);
    expect(large).toBeGreaterThan(small);
  });
});
