/** The debrief of a practice session, mapped to Devon and Torbay's Appendix B; printable for the trainee's portfolio. */
import { useMemo } from 'react';
import { useSelector } from '@xstate/react';
import { supervisionFunctions } from '../../../machines/model/template.ts';
import { debriefOf, formatSeconds, interventionWords, stageWords, type Debrief } from '../../../machines/practice/debrief.ts';
import { interventionKinds } from '../../../machines/practice/scenario.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstant, formatInstantDate } from '../../content/format.ts';
import { Table } from '../../components/Table.tsx';
import { PrintRunningHeader } from '../../components/printHeader.ts';
import { SummaryList } from '../../components/SummaryList.tsx';
import { cycleActorOf, useCycleSnapshot, useSession, withOpenCase, type SessionActor } from '../session/sessionContext.tsx';
import type { PracticeActor } from './PracticeScreen.tsx';
import { PracticeGapsList } from './PracticeGapsList.tsx';

const d = copy.practice.debriefCopy;
const cell = 'nhsuk-table__cell';
const numeric = 'nhsuk-table__cell nhsuk-table__cell--numeric';

export function DebriefView({ practice, session }: { practice: PracticeActor; session: SessionActor }) {
  const { sections } = useSession();
  const context = useSelector(practice, (s) => s.context);
  const record = useSelector(session, (s) => s.context);
  // A case still open when practice finished counts as it stands.
  const cycle = useCycleSnapshot(useSelector(session, (s) => cycleActorOf(s)));
  const debrief = useMemo(() => debriefOf(context, sections, withOpenCase(record, cycle?.context)), [context, sections, record, cycle]);
  const skipped = debrief.stages.filter((s) => s.skipped !== null);
  const discussion = useMemo(() => withOpenCase(record, cycle?.context).cases[0] ?? null, [record, cycle]);

  return (
    <section aria-labelledby="debrief-title" className="app-debrief">
      <PrintRunningHeader title={d.title} who={debrief.trainee} {...(debrief.startedAt ? { date: formatInstantDate(debrief.startedAt) } : {})} />
      <h2 className="nhsuk-heading-l" id="debrief-title">
        {d.title}
      </h2>
      <SummaryList
        rows={[
          [d.trainee, debrief.trainee],
          [d.role, copy.practice.roles[debrief.role]],
          [d.started, debrief.startedAt ? formatInstant(debrief.startedAt) : '—'],
          [d.finished, debrief.finishedAt ? formatInstant(debrief.finishedAt) : '—'],
        ]}
      />
      <button type="button" className="nhsuk-button nhsuk-button--secondary app-no-print" onClick={() => window.print()}>
        {d.print}
      </button>

      <h3 className="nhsuk-heading-m">{d.stagesTitle}</h3>
      {skipped.length > 0 && (
        <div className="nhsuk-warning-callout">
          <h4 className="nhsuk-warning-callout__label">{d.skippedTitle}</h4>
          <ul>
            {skipped.map((s) => (
              <li key={s.stage}>{d.skipped(s.name, s.skipped ?? '')}</li>
            ))}
          </ul>
        </div>
      )}
      {debrief.premature && <p className="nhsuk-body">{d.premature}</p>}
      <Table caption={d.stagesTitle} columns={[{ label: d.stage }, { label: d.covered }, { label: d.turns, numeric: true }, { label: d.time, numeric: true }]}>
        {debrief.stages.map((s) => (
          <tr className="nhsuk-table__row" key={s.stage}>
            <td className={cell}>{s.name}</td>
            <td className={cell}>{s.skipped !== null ? d.skippedWord : s.covered ? d.yes : d.no}</td>
            <td className={numeric}>{s.turns}</td>
            <td className={numeric}>{formatSeconds(s.seconds)}</td>
          </tr>
        ))}
      </Table>

      {debrief.role === 'supervisor' && <ConversationDebrief debrief={debrief} />}
      <PracticeGapsList scenario={context.scenario} turns={context.turns} discussion={discussion} />

      <h3 className="nhsuk-heading-m">{d.balanceTitle}</h3>
      <Table caption={d.balanceTitle} columns={[{ label: d.function }, { label: d.share, numeric: true }]}>
        {supervisionFunctions.map((f) => (
          <tr className="nhsuk-table__row" key={f}>
            <td className={cell}>{d.functions[f]}</td>
            <td className={numeric}>{Math.round(debrief.balance.shares[f] * 100)}%</td>
          </tr>
        ))}
      </Table>
      {debrief.balance.warning && <p>{d.warnings[debrief.balance.warning]}</p>}

      <h3 className="nhsuk-heading-m">{d.actionsTitle}</h3>
      {debrief.actions.length === 0 ? (
        <p>{d.noActions}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {debrief.actions.map((a) => (
            <li key={`${a.what}-${a.dueDate}`}>{d.action(a.what, a.owner, a.dueDate ? formatDate(a.dueDate) : '')}</li>
          ))}
        </ul>
      )}

      <h3 className="nhsuk-heading-m">{debrief.role === 'supervisor' ? d.competenciesTitle : d.responsibilitiesTitle}</h3>
      <p className="nhsuk-hint">{debrief.role === 'supervisor' ? d.competenciesHint : d.responsibilitiesHint}</p>
      {debrief.competencies.map((c) => (
        <div className="nhsuk-card" key={c.competency}>
          <div className="nhsuk-card__content">
            <h4 className="nhsuk-card__heading nhsuk-heading-s">
              {c.area}: “{c.competency}”
            </h4>
            <Bullets title={d.evidence} items={c.evidence} />
            <Bullets title={d.toWorkOn} items={c.toWorkOn} />
          </div>
        </div>
      ))}
    </section>
  );
}

/** A titled list of short points; nothing at all when there are none. */
function Bullets({ title, items }: { title: string; items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        <strong>{title}</strong>
      </p>
      <ul className="nhsuk-body-s">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}

/** What only a trainee playing the supervisor has: the cues, the interventions and the questions. */
function ConversationDebrief({ debrief }: { debrief: Debrief }) {
  const missed = debrief.cues.filter((c) => !c.pickedUp);
  return (
    <>
      <h3 className="nhsuk-heading-m">{d.cuesTitle}</h3>
      {missed.length > 0 && (
        <div className="nhsuk-warning-callout">
          <h4 className="nhsuk-warning-callout__label">{d.missedTitle}</h4>
          <ul>
            {missed.map((c) => (
              <li key={c.cue.id}>{d.missed(stageWords[c.cue.stage], c.cue.description)}</li>
            ))}
          </ul>
        </div>
      )}
      <ul className="nhsuk-list nhsuk-list--bullet">
        {debrief.cues
          .filter((c) => c.pickedUp)
          .map((c) => (
            <li key={c.cue.id}>{d.pickedUp(stageWords[c.cue.stage], c.cue.description)}</li>
          ))}
      </ul>

      <h3 className="nhsuk-heading-m">{d.interventionsTitle}</h3>
      <Table caption={d.interventionsTitle} columns={[{ label: d.intervention }, { label: d.times, numeric: true }]}>
        {interventionKinds.map((k) => (
          <tr className="nhsuk-table__row" key={k}>
            <td className={cell}>{interventionWords[k]}</td>
            <td className={numeric}>{debrief.interventions[k]}</td>
          </tr>
        ))}
      </Table>
      <p>{d.questions(debrief.questions.open, debrief.questions.closed, debrief.questions.statement)}</p>
    </>
  );
}
