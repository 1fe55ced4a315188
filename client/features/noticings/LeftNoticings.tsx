/**
 * At the read-through before signing, once and briefly: the assistant's follow-ups that were put
 * aside or not answered (issue 21). Never blocking: signing goes on whatever is listed; none of
 * these is in the record.
 */
import { useEffect, useState } from 'react';
import type { LeftNoticing } from '../../../machines/noticings/caseNoticings.ts';
import { modelOfCase } from '../../../machines/models/index.ts';
import { noticingsCopy } from '../../content/noticingsCopy.ts';
import { useSession, useSessionSelector } from '../session/sessionContext.tsx';
import { loadNoticings } from './noticingsEngine.ts';

const t = noticingsCopy.readThrough;

export function LeftNoticings() {
  const { models } = useSession();
  const cases = useSessionSelector((s) => s.context.cases);
  const noticings = useSessionSelector((s) => s.context.noticings);
  const [left, setLeft] = useState<LeftNoticing[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const asked = cases.length > 0 && noticings?.on === true;
  useEffect(() => {
    if (!asked) return;
    let cancelled = false;
    loadNoticings().then(
      (engine) => {
        if (!cancelled) setLeft(engine.caseNoticings.leftNoticings({ cases, noticings }, (discussion) => modelOfCase(discussion, models), engine.rules, engine.language));
      },
      (error: unknown) => !cancelled && setProblem(noticingsCopy.turn.loadFailed(error instanceof Error ? error.message : String(error))),
    );
    return () => {
      cancelled = true;
    };
  }, [asked, cases, noticings, models]);
  if (problem) return <p className="nhsuk-error-message">{problem}</p>;
  if (!asked || !left || left.length === 0) return null;
  return (
    <section aria-labelledby="left-noticings-heading" className="nhsuk-inset-text app-left-noticings">
      <h3 className="nhsuk-heading-s" id="left-noticings-heading">
        {t.heading}
      </h3>
      <p className="nhsuk-body-s">{t.lede}</p>
      <ul className="nhsuk-list nhsuk-list--bullet nhsuk-body-s">
        {left.map((l) => (
          <li key={l.status === 'never' ? `${l.caseId}-never-${l.name}` : `${l.caseId}-${l.stage}-${l.question}`}>
            {l.status === 'never' ? t.never(l.caseLabel, l.name) : t.item(l.caseLabel, l.question, l.status)}
          </li>
        ))}
      </ul>
    </section>
  );
}
