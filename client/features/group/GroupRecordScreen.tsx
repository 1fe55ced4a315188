/**
 * `#/group-record/<sessionId>`: the outputs of a closed group session — the themes record to
 * circulate (blocked, with its problems, if anything in it could identify a child), one
 * child-record summary for each presenter's case, and each member's attendance record.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { ReactNode } from 'react';
import type { GroupSessionContentV1 } from '../../../machines/model/group.ts';
import { attendanceMarks } from '../../../machines/model/group.ts';
import { attendanceRecord, groupWording, namesCheckedText, presenterSummary, themesRecord, type GroupPerson, type ThemesRecord } from '../../../machines/group/outputs.ts';
import type { StoredGroupSession } from '../../db/groupRepositories.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstant } from '../../content/format.ts';
import { PrintRunningHeader } from '../../components/printHeader.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { ChildSummary } from '../../components/ChildSummary.tsx';
import { downloadText } from '../../components/download.ts';
import { WordButton } from '../../components/WordButton.tsx';
import { childSummaryFileName } from '../../../machines/record/childSummary.ts';
import { loadNamesLanguage } from '../../../machines/review/namesLanguage.ts';
import { ProblemSummary } from './ProblemSummary.tsx';

const g = copy.group;
const w = groupWording;

type Loaded = { ok: true; stored: StoredGroupSession | null } | { ok: false; message: string };

export function GroupRecordScreen({ sessionId }: { sessionId: string }) {
  const { repositories } = useServices();
  const data = useLiveQuery(async (): Promise<Loaded> => {
    try {
      // The outputs are checked for names: the language analysis is loaded with the session.
      const [stored] = await Promise.all([repositories.groupSessions.get(sessionId), loadNamesLanguage()]);
      return { ok: true, stored: stored ?? null };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, sessionId]);

  if (data === undefined) return <p role="status">{g.openingSession}</p>;
  if (!data.ok || !data.stored)
    return <LoadFailed title={g.problem} message={data.ok ? g.sessionNotFound : data.message} back={hrefFor({ name: 'groups' })} backLabel={g.back} />;
  const { row, content } = data.stored;
  const backToGroup = (
    <p className="app-no-print">
      <a href={hrefFor({ name: 'group', groupId: content.groupId })}>{g.backToGroup}</a>
    </p>
  );
  if (row.status !== 'closed')
    return (
      <>
        <h1 className="nhsuk-heading-l">{g.notClosed}</h1>
        <p>{g.notClosedLede}</p>
        <a className="nhsuk-button" href={hrefFor({ name: 'groupSession', sessionId })} role="button" draggable={false}>
          {g.resume}
        </a>
        {backToGroup}
      </>
    );

  return (
    <>
      <span className="nhsuk-caption-l app-no-print">{`${content.groupName} · ${formatDate(content.date)}`}</span>
      <h1 className="nhsuk-heading-l app-no-print">{g.recordTitle}</h1>
      <PrintRunningHeader title={w.themes.title} who={content.groupName} date={formatDate(content.date)} />
      <ThemesRecordSection content={content} />
      <PresenterSummaries content={content} />
      <AttendanceRecords content={content} />
      <Escalations content={content} />
      {backToGroup}
    </>
  );
}

function ThemesRecordSection({ content }: { content: GroupSessionContentV1 }) {
  const result = themesRecord(content);
  return (
    <section aria-labelledby="themes-record-heading">
      <h2 className="nhsuk-heading-l app-no-print" id="themes-record-heading">
        {g.themesRecordTitle}
      </h2>
      {result.ok ? (
        <>
          <p className="app-no-print">{g.themesRecordLede}</p>
          <div className="app-inline-buttons app-no-print">
            <button type="button" className="nhsuk-button" onClick={() => window.print()}>
              {g.print}
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => downloadText(`group-themes-record-${content.date}.txt`, result.text)}>
              {g.downloadText}
            </button>
            <WordButton fileName={`group-themes-record-${content.date}.docx`} build={(word) => word.themesRecordToWord(result.record)} />
          </div>
          <ThemesRecordView record={result.record} />
        </>
      ) : (
        <>
          <ProblemSummary
            id="themes-record-problems"
            title={g.themesBlocked}
            problems={result.problems.map((p) => ({ message: `${p.where}: ${p.message}`, fieldId: null }))}
            focusKey={null}
          />
          <p>{g.themesBlockedLede}</p>
        </>
      )}
    </section>
  );
}

function person(p: GroupPerson): string {
  return w.person(p.name, p.role);
}

function Lines({ text }: { text: string }) {
  const lines = text.split('\n').filter((line) => line.trim());
  if (lines.length === 0) return <p>{w.nothingRecorded}</p>;
  return (
    <>
      {lines.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </>
  );
}

function ThemesRecordView({ record }: { record: ThemesRecord }) {
  const t = w.themes;
  return (
    <article className="app-record nhsuk-card" aria-labelledby="themes-record-title">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-m" id="themes-record-title">
          {t.title}
        </h3>
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{t.group}</dt>
            <dd className="nhsuk-summary-list__value">{record.groupName}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{t.date}</dt>
            <dd className="nhsuk-summary-list__value">{record.dateText}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{t.facilitator}</dt>
            <dd className="nhsuk-summary-list__value">{person(record.facilitator)}</dd>
          </div>
        </dl>
        <h4 className="nhsuk-heading-s">{t.attendanceHeading}</h4>
        <ul className="nhsuk-list">
          {attendanceMarks.map((mark) => (
            <li key={mark}>{t.markLine(w.marks[mark], record.attendance[mark].length === 0 ? w.none : record.attendance[mark].map(person).join('; '))}</li>
          ))}
        </ul>
        <h4 className="nhsuk-heading-s">{t.confidentialityHeading}</h4>
        <p>{record.confidentiality.agreed ? t.agreed : t.notAgreed}</p>
        {record.confidentiality.agreed && record.confidentiality.newMembers.length > 0 && <p>{t.reagreed(record.confidentiality.newMembers.map(person).join('; '))}</p>}
        <p>{t.themesOnly}</p>
        <p>{namesCheckedText(record)}</p>
        <h4 className="nhsuk-heading-s">{t.themesHeading}</h4>
        {record.themes.length === 0 ? (
          <p>{t.noThemes}</p>
        ) : (
          <ol className="nhsuk-list nhsuk-list--number">
            {record.themes.map((theme) => (
              <li key={theme.number}>
                {theme.text}
                <br />
                <span className="nhsuk-body-s">{`${t.tags}: ${theme.tags.length === 0 ? t.noTags : theme.tags.join(', ')}`}</span>
              </li>
            ))}
          </ol>
        )}
        <h4 className="nhsuk-heading-s">{t.countsHeading}</h4>
        <ul className="nhsuk-list">
          {record.tagCounts.map((c) => (
            <li key={c.tag}>{t.count(c.tag, c.count)}</li>
          ))}
          <li>{t.untagged(record.untagged)}</li>
        </ul>
        <h4 className="nhsuk-heading-s">{t.learningHeading}</h4>
        <Lines text={record.learning} />
        <h4 className="nhsuk-heading-s">{t.organisationalHeading}</h4>
        <Lines text={record.organisationalIssues} />
      </div>
    </article>
  );
}

/** One of the outputs that is not printed with the themes record: its heading (`${id}-heading`) and lede. */
function OutputSection({ id, title, lede, children }: { id: string; title: string; lede: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="app-no-print">
      <h2 className="nhsuk-heading-l" id={`${id}-heading`}>
        {title}
      </h2>
      <p>{lede}</p>
      {children}
    </section>
  );
}

function PresenterSummaries({ content }: { content: GroupSessionContentV1 }) {
  return (
    <OutputSection id="presenter-summaries" title={g.summariesTitle} lede={g.summariesLede}>
      {content.consultations.length === 0 && <p>{g.noConsultations}</p>}
      {content.consultations.map((c) => {
        const summary = presenterSummary(content, c.id);
        return (
          <ChildSummary
            key={c.id}
            summary={{ caseId: summary.consultationId, caseLabel: summary.caseLabel, date: summary.date, text: summary.text, withheld: summary.withheld }}
            templateSystem={g.childRecordSystem}
            exports={
              <WordButton
                fileName={childSummaryFileName({ date: summary.date, caseId: summary.consultationId }, 'docx')}
                hiddenLabel={copy.exports.wordFor(summary.caseLabel)}
                build={(word) => word.presenterSummaryToWord(summary)}
              />
            }
          />
        );
      })}
    </OutputSection>
  );
}

function fileSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'member';
}

function AttendanceRecords({ content }: { content: GroupSessionContentV1 }) {
  return (
    <OutputSection id="attendance-records" title={g.attendanceRecordsTitle} lede={g.attendanceRecordsLede}>
      {content.members.map((member) => {
        const record = attendanceRecord(content, member.personId);
        const headingId = `attendance-record-${member.personId}`;
        return (
          <section className="nhsuk-card" aria-labelledby={headingId} key={member.personId}>
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-heading-s" id={headingId}>
                {g.attendanceRecordOf(member.name)}
              </h3>
              <Lines text={record.text} />
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                onClick={() => downloadText(`group-attendance-${content.date}-${fileSlug(member.name)}.txt`, record.text)}
              >
                {g.downloadAttendance}{' '}
                <span className="nhsuk-u-visually-hidden">{g.downloadAttendanceFor(member.name)}</span>
              </button>
            </div>
          </section>
        );
      })}
    </OutputSection>
  );
}

function Escalations({ content }: { content: GroupSessionContentV1 }) {
  if (content.escalations.length === 0) return null;
  return (
    <OutputSection id="group-escalations" title={g.escalationsTitle} lede={g.escalationsLede}>
      <ul className="nhsuk-list nhsuk-list--border">
        {content.escalations.map((e) => (
          <li key={e.id}>{g.escalation(formatInstant(e.raisedAt), e.concern, e.actionTaken)}</li>
        ))}
      </ul>
    </OutputSection>
  );
}
