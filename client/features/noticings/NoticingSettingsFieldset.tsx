/**
 * "The assistant's noticings" on the You screen (issue 21, point 6): a checkbox for each noticing
 * and one to turn them all off, saved on this device as soon as it changes (db: the profile row
 * 'noticings'). A new session takes what is in force when it begins, and its record says so.
 */
import { useEffect, useState } from 'react';
import { noticingRules } from '../../../machines/noticings/index.ts';
import { noticingsInForce, noticingsLine, type SupervisorNoticingChoiceV1 } from '../../../machines/noticings/settings.ts';
import type { NoticingSettingsRepository } from '../../db/noticingSettings.ts';
import { noticingsCopy } from '../../content/noticingsCopy.ts';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';

const t = noticingsCopy.settings;
const rules = [...noticingRules.rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));

export function NoticingSettingsFieldset({ settings }: { settings: NoticingSettingsRepository }) {
  const [choice, setChoice] = useState<SupervisorNoticingChoiceV1 | null | undefined>(undefined);
  const [status, setStatus] = useState<{ kind: 'saved' | 'failed'; text: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    settings.get().then(
      (found) => !cancelled && setChoice(found),
      (e: unknown) => !cancelled && setStatus({ kind: 'failed', text: t.failed(e instanceof Error ? e.message : String(e)) }),
    );
    return () => {
      cancelled = true;
    };
  }, [settings]);
  if (choice === undefined) return status ? <p className="nhsuk-error-message">{status.text}</p> : null;

  const on = choice?.on ?? true;
  const off = new Set(choice?.off ?? []);
  const inForce = noticingsInForce(rules, null, choice);

  async function save(next: SupervisorNoticingChoiceV1) {
    const previous = choice;
    setChoice(next);
    try {
      const result = await settings.save(next);
      if (!result.ok) {
        setChoice(previous);
        setStatus({ kind: 'failed', text: t.failed(result.message) });
        return;
      }
      setStatus({ kind: 'saved', text: t.saved });
    } catch (e) {
      setChoice(previous);
      setStatus({ kind: 'failed', text: t.failed(e instanceof Error ? e.message : String(e)) });
    }
  }

  return (
    <section aria-labelledby="you-noticings">
      <h2 className="nhsuk-heading-m" id="you-noticings">
        {t.legend}
      </h2>
      <Checkboxes
        name="noticings-on"
        legend={t.choose}
        legendSize="s"
        hint={t.hint}
        options={rules.map((r) => ({ value: r.id, label: r.name.charAt(0).toUpperCase() + r.name.slice(1), hint: r.why }))}
        values={on ? rules.filter((r) => !off.has(r.id)).map((r) => r.id) : []}
        onChange={(values) => void save({ schema: 'noticing-choice/v1', on: true, off: rules.filter((r) => !values.includes(r.id)).map((r) => r.id) })}
      />
      <Checkbox id="noticings-off" label={t.off} checked={!on} onChange={(checked) => void save({ schema: 'noticing-choice/v1', on: !checked, off: [...off] })} />
      <p className="nhsuk-body-s">{t.inForce(noticingsLine(inForce))}</p>
      {status && (
        <p className={status.kind === 'failed' ? 'nhsuk-error-message' : 'nhsuk-body-s'} role={status.kind === 'failed' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
