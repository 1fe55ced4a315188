/** Steps that record text: a free-text section, a section of named fields, the next meeting. */
import type { FieldV1, SectionV1 } from '../../../../machines/model/template.ts';
import { copy } from '../../../content/copy.ts';
import { Input } from '../../../components/Input.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { useSession, useSessionSelector } from '../sessionContext.tsx';

export function FreeTextStep({ section }: { section: SectionV1 }) {
  const { actor } = useSession();
  const text = useSessionSelector((s) => s.context.answers[section.id] ?? '');
  return (
    <>
      <SectionPrompt promptId={section.prompt} />
      <TextArea
        id={`answer-${section.id}`}
        label={`Record under “${section.heading}”`}
        value={text}
        rows={8}
        dictation
        onChange={(value) => actor.send({ type: 'answer.changed', sectionId: section.id, text: value })}
      />
    </>
  );
}

export function FieldsStep({ section, fields }: { section: SectionV1; fields: readonly FieldV1[] }) {
  const { actor } = useSession();
  const values = useSessionSelector((s) => s.context.fields[section.id]);
  return (
    <>
      <SectionPrompt promptId={section.prompt} />
      {fields.map((field) => (
        <TextArea
          key={field.id}
          id={`field-${section.id}-${field.id}`}
          label={field.label}
          {...(field.hint ? { hint: field.hint } : {})}
          value={values?.[field.id] ?? ''}
          rows={3}
          dictation
          onChange={(text) => actor.send({ type: 'field.changed', sectionId: section.id, fieldId: field.id, text })}
        />
      ))}
    </>
  );
}

export function NextMeetingStep({ section }: { section: SectionV1 }) {
  const { actor } = useSession();
  const meeting = useSessionSelector((s) => s.context.nextMeeting);
  const change = (patch: Partial<typeof meeting>) => actor.send({ type: 'nextMeeting.changed', nextMeeting: { ...meeting, ...patch } });
  return (
    <>
      <SectionPrompt promptId={section.prompt} />
      <Input id="next-meeting-date" type="date" label={copy.nextMeeting.date} value={meeting.date} onChange={(date) => change({ date })} />
      <Input id="next-meeting-time" type="time" label={copy.nextMeeting.time} value={meeting.time} onChange={(time) => change({ time })} />
      <Input id="next-meeting-venue" label={copy.nextMeeting.venue} value={meeting.venue} onChange={(venue) => change({ venue })} width={30} />
    </>
  );
}
