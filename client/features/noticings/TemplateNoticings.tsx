/**
 * The organisation's choice of the assistant's noticings in the template editor (issue 21, point
 * 6): which noticings sessions using the template may ask, or none. Untouched, the template names
 * none (every noticing on, a supervisor may still choose).
 */
import { noticingRules } from '../../../machines/noticings/index.ts';
import { noticingsCopy } from '../../content/noticingsCopy.ts';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';

const t = noticingsCopy.template;
const rules = [...noticingRules.rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
export type TemplateNoticingsValue = { on: boolean; off: string[] } | null;

export function TemplateNoticings({ value, onChange }: { value: TemplateNoticingsValue; onChange: (value: TemplateNoticingsValue) => void }) {
  const on = value?.on ?? true;
  const off = value?.off ?? [];
  return (
    <>
      <Checkboxes
        name="tpl-noticings"
        legend={t.legend}
        legendSize="m"
        hint={t.hint}
        options={rules.map((r) => ({ value: r.id, label: r.name.charAt(0).toUpperCase() + r.name.slice(1) }))}
        values={on ? rules.filter((r) => !off.includes(r.id)).map((r) => r.id) : []}
        onChange={(values) => onChange({ on: true, off: rules.filter((r) => !values.includes(r.id)).map((r) => r.id) })}
        small
      />
      <Checkbox id="tpl-noticings-off" label={t.off} checked={!on} onChange={(checked) => onChange({ on: !checked, off })} small />
    </>
  );
}
