/**
 * Listens to a stage as it is written and, at a pause in typing (800 ms), asks the engine for the
 * next follow-up; if there is one and nothing is open at the stage, `raise` is called with it.
 * Only typing starts it: opening a stage, or a reload, asks nothing new (a follow-up open before
 * is shown again as it was).
 */
import { useEffect, useRef } from 'react';
import type { Noticing } from '../../../machines/noticings/engine.ts';
import type { CaseNoticingInput } from '../../../machines/noticings/caseNoticings.ts';
import { loadNoticings } from './noticingsEngine.ts';

export const noticingPauseMs = 800;

export function useNoticing(input: CaseNoticingInput, stageText: string, hasOpen: boolean, raise: (noticing: Noticing) => void, onError: (message: string) => void): void {
  const seen = useRef({ stage: input.stageId, text: stageText });
  const latest = useRef({ input, hasOpen, raise, onError });
  latest.current = { input, hasOpen, raise, onError };
  useEffect(() => {
    if (seen.current.stage !== input.stageId) {
      seen.current = { stage: input.stageId, text: stageText };
      return;
    }
    if (seen.current.text === stageText) return;
    seen.current = { stage: input.stageId, text: stageText };
    if (input.on.length === 0) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      loadNoticings().then(
        (engine) => {
          if (cancelled) return;
          const { input: now, hasOpen: open, raise: send } = latest.current;
          if (open) return;
          const next = engine.caseNoticings.nextNoticing(now, engine.rules, engine.language);
          if (next) send(next);
        },
        (error: unknown) => {
          if (!cancelled) latest.current.onError(error instanceof Error ? error.message : String(error));
        },
      );
    }, noticingPauseMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [input.stageId, stageText, input.on.length]);
}
