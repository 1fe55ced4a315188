/** Steps that record text: a free-text section, a section of named fields, the next meeting. */
import type { FieldV1, SectionV1 } from '../../../../machines/model/template.ts';
import { copy } from '../../../content/copy.ts';
import { Input } from '../../../components/Input.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { useSession, useSessionSelector, useSessionText } from '../sessionContext.tsx';

export function FreeTextStep({ section }: { section: SectionV1 }) {
  const { actor } = useSession();
  // Bound, not controlled: a keystroke re-renders nothing before it is saved.
  const text = useSessionText(section.id, (content) => content.answers[section.id]);
  return (
    <>
      <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
      <TextArea
        id={`answer-${section.id}`}
        label={copy.session.recordUnder(section.heading)}
        value={text}
        rows={8}
        dictation
        onChange={(value) => actor.send({ type: 'answer.changed', sectionId: section.id, text: value })}
      />
    </>
  );
}

export function FieldsStep({ section, fields }: { section: SectionV1; fields: readonly FieldV1[] }) {
  return (
    <>
      <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
      {fields.map((field) => (
        <SectionField key={field.id} sectionId={section.id} field={field} />
      ))}
    </>
  );
}

/** One named field of a section, bound to the record like a free-text answer. */
function SectionField({ sectionId, field }: { sectionId: string; field: FieldV1 }) {
  const { actor } = useSession();
  const text = useSessionText(`${sectionId}/${field.id}`, (content) => content.fields[sectionId]?.[field.id]);
  return (
    <TextArea
      id={`field-${sectionId}-${field.id}`}
      label={field.label}
      {...(field.hint ? { hint: field.hint } : {})}
      value={text}
      rows={3}
      dictation
      onChange={(value) => actor.send({ type: 'field.changed', sectionId, fieldId: field.id, text: value })}
    />
  );
}

export function NextMeetingStep({ section }: { section: SectionV1 }) {
  const { actor } = useSession();
  const meeting = useSessionSelector((s) => s.context.nextMeeting);
  const change = (patch: Partial<typeof meeting>) => actor.send({ type: 'nextMeeting.changed', nextMeeting: { ...meeting, ...patch } });
  return (
    <>
      <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
      <Input id="next-meeting-date" type="date" label={copy.nextMeeting.date} value={meeting.date} onChange={(date) => change({ date })} />
      <Input id="next-meeting-time" type="time" label={copy.nextMeeting.time} value={meeting.time} onChange={(time) => change({ time })} />
      <Input id="next-meeting-venue" label={copy.nextMeeting.venue} value={meeting.venue} onChange={(venue) => change({ venue })} width={30} />
    </>
  );
}
