import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorMessage, Hint } from './FieldMessages.tsx';
import { copy } from '../content/copy.ts';
// Imported here only, so the library is bundled with the screens that show a signature.
import SignaturePadLib from 'signature_pad';

export interface SignaturePadProps {
  /** Id of the canvas; the hint and error take `${id}-hint` and `${id}-error`. */
  id: string;
  /** Visible label, shown as the fieldset legend (for example "Supervisee's signature"). */
  label: string;
  hint?: string;
  /** The signer's full name, used by "Use my typed name as my signature". */
  fullName: string;
  /** A PNG data URL after each stroke or typed signature; null after clearing. */
  onChange: (dataUrl: string | null) => void;
  error?: string;
}

type Mode = 'empty' | 'drawn' | 'typed';

const PEN_COLOUR = 'rgb(33, 43, 50)';
const BACKGROUND = 'rgb(255, 255, 255)';
// System handwriting faces only: nothing is fetched, so this works offline and under the CSP.
const HANDWRITING_FONTS =
  '"Segoe Script", "Bradley Hand", "Lucida Handwriting", "Brush Script MT", "Apple Chancery", cursive';
/** Size of the image made when the canvas cannot be drawn on (CSS pixels). */
const FALLBACK_WIDTH = 600;
const FALLBACK_HEIGHT = 200;

const words = copy.signaturePad;
export const DRAWING_UNAVAILABLE_MESSAGE = words.drawingUnavailable;
export const TYPED_IMAGE_UNAVAILABLE_MESSAGE = words.typedImageUnavailable;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Writes the name in an italic handwriting face, shrinking it to fit the width. */
function drawTypedName(ctx: Context2D, name: string, width: number, height: number): void {
  const padding = Math.max(8, Math.round(width * 0.05));
  const maxWidth = Math.max(1, width - padding * 2);
  let size = Math.max(12, Math.min(56, Math.round(height * 0.45)));
  ctx.save();
  ctx.fillStyle = PEN_COLOUR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = `italic ${size}px ${HANDWRITING_FONTS}`;
  while (size > 12 && ctx.measureText(name).width > maxWidth) {
    size -= 2;
    ctx.font = `italic ${size}px ${HANDWRITING_FONTS}`;
  }
  ctx.fillText(name, padding, height / 2, maxWidth);
  ctx.restore();
}

function get2dContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}

function readBlobAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') resolve(reader.result);
      else reject(new Error(words.imageUnreadable));
    };
    reader.onerror = () => reject(reader.error ?? new Error(words.imageUnreadable));
    reader.readAsDataURL(blob);
  });
}

function isPngDataUrl(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('data:image/png');
}

/**
 * The typed name as a PNG where the page's canvas cannot be drawn on: first a detached
 * canvas, then an OffscreenCanvas. Resolves null when neither can make an image.
 */
async function typedNameImage(name: string): Promise<string | null> {
  const ratio = Math.max(globalThis.devicePixelRatio || 1, 1);
  const pixelWidth = Math.round(FALLBACK_WIDTH * ratio);
  const pixelHeight = Math.round(FALLBACK_HEIGHT * ratio);

  const paint = (ctx: Context2D) => {
    ctx.scale(ratio, ratio);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, FALLBACK_WIDTH, FALLBACK_HEIGHT);
    drawTypedName(ctx, name, FALLBACK_WIDTH, FALLBACK_HEIGHT);
  };

  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
    const ctx = get2dContext(canvas);
    if (ctx) {
      paint(ctx);
      try {
        const url: unknown = canvas.toDataURL('image/png');
        if (isPngDataUrl(url)) return url;
      } catch {
        // A tainted or blocked canvas: try the next way.
      }
    }
  }

  if (typeof OffscreenCanvas === 'function') {
    try {
      const canvas = new OffscreenCanvas(pixelWidth, pixelHeight);
      const ctx = canvas.getContext('2d');
      if (ctx) {
        paint(ctx);
        const url = await readBlobAsDataUrl(await canvas.convertToBlob({ type: 'image/png' }));
        if (isPngDataUrl(url)) return url;
      }
    } catch {
      // No way left to make an image.
    }
  }
  return null;
}

function canvasDescription(label: string, mode: Mode, typedName: string | null): string {
  switch (mode) {
    case 'drawn':
      return `${label}: signature area containing a drawn signature`;
    case 'typed':
      return `${label}: signature area containing the typed name ${typedName ?? ''} as a signature`;
    default:
      return `${label}: signature area, empty. Draw your signature with a mouse, pen or finger, or use your typed name`;
  }
}

export function SignaturePad({ id, label, hint, fullName, onChange, error }: SignaturePadProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePadLib | null>(null);
  const ctxRef = useRef<CanvasRenderingContext2D | null>(null);
  const cssSizeRef = useRef({ width: 0, height: 0 });
  const modeRef = useRef<Mode>('empty');
  const typedNameRef = useRef<string | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  /** null until the canvas has been checked after mounting. */
  const [drawingAvailable, setDrawingAvailable] = useState<boolean | null>(null);
  const [mode, setModeState] = useState<Mode>('empty');
  const [typedName, setTypedName] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const setMode = useCallback((next: Mode, name: string | null = null) => {
    modeRef.current = next;
    typedNameRef.current = next === 'typed' ? name : null;
    setModeState(next);
    setTypedName(next === 'typed' ? name : null);
  }, []);

  /** The canvas size in CSS pixels, falling back to its attributes where layout is absent. */
  const cssSize = useCallback((canvas: HTMLCanvasElement) => {
    const ratio = Math.max(globalThis.devicePixelRatio || 1, 1);
    const known = cssSizeRef.current;
    if (known.width > 0 && known.height > 0) return known;
    return { width: canvas.width / ratio, height: canvas.height / ratio };
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const ctx = get2dContext(canvas);
    if (!ctx) {
      setDrawingAvailable(false);
      return undefined;
    }
    ctxRef.current = ctx;
    const pad = new SignaturePadLib(canvas, {
      penColor: PEN_COLOUR,
      backgroundColor: BACKGROUND,
    });
    padRef.current = pad;
    setDrawingAvailable(true);

    const handleBeginStroke = () => {
      // Drawing replaces a typed signature rather than writing over it.
      if (modeRef.current === 'typed') {
        pad.clear();
        modeRef.current = 'empty';
        typedNameRef.current = null;
      }
    };
    const handleEndStroke = () => {
      setMode('drawn');
      setNotice(null);
      try {
        const url = pad.toDataURL('image/png');
        if (isPngDataUrl(url)) {
          setProblem(null);
          onChangeRef.current(url);
          return;
        }
      } catch {
        // Reported below.
      }
      setProblem(words.drawnNotSaved);
    };

    // Match the canvas's pixels to its displayed size and the screen's pixel density,
    // keeping what is already on it.
    const resize = () => {
      const width = canvas.offsetWidth;
      const height = canvas.offsetHeight;
      if (width === 0 || height === 0) return; // Not laid out (hidden, or no layout engine).
      const ratio = Math.max(globalThis.devicePixelRatio || 1, 1);
      const pixelWidth = Math.round(width * ratio);
      const pixelHeight = Math.round(height * ratio);
      cssSizeRef.current = { width, height };
      if (canvas.width === pixelWidth && canvas.height === pixelHeight) return;
      const strokes = pad.toData();
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
      ctx.scale(ratio, ratio);
      pad.clear();
      if (modeRef.current === 'typed' && typedNameRef.current) {
        drawTypedName(ctx, typedNameRef.current, width, height);
      } else if (strokes.length > 0) {
        pad.fromData(strokes);
      }
    };

    pad.addEventListener('beginStroke', handleBeginStroke);
    pad.addEventListener('endStroke', handleEndStroke);
    resize();
    window.addEventListener('resize', resize);
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null;
    observer?.observe(canvas);

    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', resize);
      pad.removeEventListener('beginStroke', handleBeginStroke);
      pad.removeEventListener('endStroke', handleEndStroke);
      pad.off();
      padRef.current = null;
      ctxRef.current = null;
    };
  }, [setMode]);

  const clear = useCallback(
    (reason: string | null = null) => {
      padRef.current?.clear();
      setMode('empty');
      setPreview(null);
      setProblem(null);
      setNotice(reason);
      onChangeRef.current(null);
    },
    [setMode],
  );

  // A typed signature must match the name: if the name changes, the old one is withdrawn.
  const trimmedName = fullName.trim();
  useEffect(() => {
    if (modeRef.current === 'typed' && typedNameRef.current !== trimmedName) {
      clear(words.nameChanged);
    }
  }, [trimmedName, clear]);

  const signWithTypedName = async () => {
    const name = trimmedName;
    if (name === '') return;
    setNotice(null);
    const pad = padRef.current;
    const ctx = ctxRef.current;
    const canvas = canvasRef.current;
    if (pad && ctx && canvas) {
      pad.clear();
      const { width, height } = cssSize(canvas);
      drawTypedName(ctx, name, width, height);
      setMode('typed', name);
      let url: unknown = null;
      try {
        url = pad.toDataURL('image/png');
      } catch {
        url = null;
      }
      if (isPngDataUrl(url)) {
        setProblem(null);
        onChangeRef.current(url);
      } else {
        setProblem(TYPED_IMAGE_UNAVAILABLE_MESSAGE);
      }
      return;
    }

    // No drawing surface on the page: make the image another way, or say it cannot be done.
    const url = await typedNameImage(name);
    if (url) {
      setMode('typed', name);
      setPreview(url);
      setProblem(null);
      onChangeRef.current(url);
    } else {
      setProblem(TYPED_IMAGE_UNAVAILABLE_MESSAGE);
    }
  };

  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const fallbackId = `${id}-unavailable`;
  const problemId = `${id}-problem`;
  const typedHintId = `${id}-typed-name-hint`;
  const describedBy =
    [hintId, errorId, drawingAvailable === false ? fallbackId : undefined]
      .filter(Boolean)
      .join(' ') || undefined;
  const nameMissing = trimmedName === '';

  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{label}</legend>
        {hint ? <Hint id={hintId}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        {drawingAvailable === false ? (
          <p className="nhsuk-body" id={fallbackId}>
            {DRAWING_UNAVAILABLE_MESSAGE}
          </p>
        ) : null}
        <canvas
          ref={canvasRef}
          id={id}
          className="app-signature-pad__canvas"
          role="img"
          aria-label={canvasDescription(label, mode, typedName)}
          hidden={drawingAvailable === false}
          style={{
            display: drawingAvailable === false ? 'none' : 'block',
            width: '100%',
            maxWidth: '36rem',
            height: '12rem',
            border: `2px solid ${error ? '#d5281b' : '#4c6272'}`,
            backgroundColor: BACKGROUND,
            marginBottom: '16px',
          }}
        />
        {drawingAvailable === false && preview ? (
          <img
            src={preview}
            alt={words.typedAlt(typedName ?? '')}
            style={{ display: 'block', maxWidth: '100%', marginBottom: '16px' }}
          />
        ) : null}
        <div aria-live="polite">
          {notice ? <p className="nhsuk-body">{notice}</p> : null}
          {problem ? (
            <ErrorMessage id={problemId} as="p">
              {problem}
            </ErrorMessage>
          ) : null}
        </div>
        {nameMissing ? (
          <p className="nhsuk-hint" id={typedHintId}>
            {words.enterName}
          </p>
        ) : null}
        <div className="nhsuk-button-group">
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            disabled={nameMissing}
            aria-disabled={nameMissing ? true : undefined}
            aria-describedby={nameMissing ? typedHintId : undefined}
            onClick={() => {
              void signWithTypedName();
            }}
          >
            {words.useTyped}
          </button>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            onClick={() => clear()}
          >
            {words.clear}
          </button>
        </div>
      </fieldset>
    </div>
  );
}

export default SignaturePad;
