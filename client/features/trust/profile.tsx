/**
 * This device's person (the profile: who signs with its key), edited in place and saved as it is
 * typed: once typing pauses, when a field is left, before anything that needs it (`flush`), and when
 * the screen is left or the page hidden. A name left empty is not saved; the field says why.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ProfileV1 } from '../../../machines/model/trust.ts';
import type { TrustRepositories } from '../../db/trustRepositories.ts';
import { copy } from '../../content/copy.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { Select } from '../../components/Select.tsx';
import { useAgreementTemplates, useRecordTemplates } from '../authoring/useOwnForms.ts';

const w = copy.connect.profile;

/** Typing pauses this long before the profile is saved. */
const SAVE_AFTER_MS = 400;

/** Your organisation and the templates chosen first for you: optional, edited on #/you. */
export type ProfileDetails = { organisation: string; templateId: string; agreementTemplateId: string };
const noDetails: ProfileDetails = { organisation: '', templateId: '', agreementTemplateId: '' };
const detailsOf = (profile: ProfileV1): ProfileDetails => ({
  organisation: profile.organisation ?? '',
  templateId: profile.templateId ?? '',
  agreementTemplateId: profile.agreementTemplateId ?? '',
});
const sameDetails = (a: ProfileDetails, b: ProfileDetails) => a.organisation === b.organisation && a.templateId === b.templateId && a.agreementTemplateId === b.agreementTemplateId;

export type ProfileStatus = { kind: 'unsaved' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

export type ProfileDraft = {
  /** False until the stored profile has been read. */
  loaded: boolean;
  /** The profile as stored (null: none yet). */
  stored: ProfileV1 | null;
  name: string;
  jobRole: string;
  /** The optional details edited on #/you ("" when not given). */
  details: ProfileDetails;
  setName: (name: string) => void;
  setJobRole: (jobRole: string) => void;
  setDetail: (key: keyof ProfileDetails, value: string) => void;
  /** A field was left: save now, and say what is wrong if it cannot be saved. */
  leave: () => void;
  /** Saves what is typed now; the stored profile, or null (with the reason shown) when it cannot be saved. */
  flush: () => Promise<ProfileV1 | null>;
  status: ProfileStatus;
  /** What is wrong with the name (shown once a field is left, or a save asked for). */
  nameError: string | null;
  idPrefix: string;
};

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function useProfileDraft(trust: TrustRepositories, idPrefix: string): ProfileDraft {
  const [loaded, setLoaded] = useState(false);
  const [stored, setStored] = useState<ProfileV1 | null>(null);
  const [name, setNameState] = useState('');
  const [jobRole, setJobRoleState] = useState('');
  const [details, setDetailsState] = useState<ProfileDetails>(noDetails);
  const [status, setStatus] = useState<ProfileStatus>({ kind: 'unsaved' });
  const [nameError, setNameError] = useState<string | null>(null);
  const latest = useRef({ name: '', jobRole: '', details: noDetails, dirty: false });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Saves run one after another, so the last one written is what was typed last.
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    let cancelled = false;
    trust.profile.get().then(
      (profile) => {
        if (cancelled) return;
        setStored(profile);
        // What was typed before the stored profile was read is kept.
        if (profile && !latest.current.dirty) {
          latest.current = { name: profile.name, jobRole: profile.jobRole, details: detailsOf(profile), dirty: false };
          setNameState(profile.name);
          setJobRoleState(profile.jobRole);
          setDetailsState(detailsOf(profile));
          setStatus({ kind: 'saved' });
        }
        setLoaded(true);
      },
      (e: unknown) => {
        if (cancelled) return;
        setStatus({ kind: 'failed', message: messageOf(e) });
        setLoaded(true);
      },
    );
    return () => {
      cancelled = true;
      mounted.current = false;
    };
  }, [trust]);

  const save = useCallback(
    (show: boolean): Promise<ProfileV1 | null> => {
      clearTimeout(timer.current);
      timer.current = undefined;
      const run = chain.current.then(async (): Promise<ProfileV1 | null> => {
        const { name: typedName, jobRole: typedRole, details: typedDetails, dirty } = latest.current;
        if (typedName.trim() === '') {
          if (mounted.current && show) setNameError(w.nameMissing);
          return null;
        }
        if (!dirty) {
          // Nothing new to write: what is stored is what was typed.
          const current = await trust.profile.get();
          if (current) return current;
        }
        if (mounted.current) setStatus({ kind: 'saving' });
        try {
          const result = await trust.profile.save({ name: typedName, jobRole: typedRole, ...typedDetails });
          if (!result.ok) {
            if (mounted.current) {
              setNameError(result.message);
              setStatus({ kind: 'unsaved' });
            }
            return null;
          }
          // Typing may have gone on while it was written: then it is still to be saved.
          if (latest.current.name === typedName && latest.current.jobRole === typedRole && sameDetails(latest.current.details, typedDetails)) latest.current.dirty = false;
          if (mounted.current) {
            setStored(result.value);
            setNameError(null);
            setStatus(latest.current.dirty ? { kind: 'unsaved' } : { kind: 'saved' });
          }
          return result.value;
        } catch (e) {
          if (mounted.current) setStatus({ kind: 'failed', message: messageOf(e) });
          return null;
        }
      });
      chain.current = run.catch(() => undefined);
      return run;
    },
    [trust],
  );

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(false), SAVE_AFTER_MS);
  }, [save]);

  // Leaving the screen, or the page being hidden, saves what is waiting.
  useEffect(() => {
    const flushPending = () => {
      if (timer.current !== undefined) void save(false);
    };
    window.addEventListener('pagehide', flushPending);
    document.addEventListener('visibilitychange', flushPending);
    return () => {
      window.removeEventListener('pagehide', flushPending);
      document.removeEventListener('visibilitychange', flushPending);
      flushPending();
    };
  }, [save]);

  const setName = useCallback(
    (value: string) => {
      latest.current = { ...latest.current, name: value, dirty: true };
      setNameState(value);
      setStatus({ kind: 'unsaved' });
      if (value.trim() !== '') setNameError(null);
      schedule();
    },
    [schedule],
  );
  const setJobRole = useCallback(
    (value: string) => {
      latest.current = { ...latest.current, jobRole: value, dirty: true };
      setJobRoleState(value);
      setStatus({ kind: 'unsaved' });
      schedule();
    },
    [schedule],
  );

  const setDetail = useCallback(
    (key: keyof ProfileDetails, value: string) => {
      const next = { ...latest.current.details, [key]: value };
      latest.current = { ...latest.current, details: next, dirty: true };
      setDetailsState(next);
      setStatus({ kind: 'unsaved' });
      schedule();
    },
    [schedule],
  );

  return useMemo(
    () => ({
      loaded,
      stored,
      name,
      jobRole,
      details,
      setName,
      setJobRole,
      setDetail,
      leave: () => void save(latest.current.dirty),
      flush: () => save(true),
      status,
      nameError,
      idPrefix,
    }),
    [loaded, stored, name, jobRole, details, setName, setJobRole, setDetail, save, status, nameError, idPrefix],
  );
}

export const profileNameId = (draft: Pick<ProfileDraft, 'idPrefix'>) => `${draft.idPrefix}-name`;

/**
 * The two fields, saved as they are typed, with "Saved" beneath; a form, so Enter (or the button)
 * saves at once. The error summary shows what stops a save asked for.
 */
export function ProfileFields({ draft, intro, withDefaults = false }: { draft: ProfileDraft; intro?: string; withDefaults?: boolean }) {
  const [asked, setAsked] = useState(false);
  const nameId = profileNameId(draft);
  const shownNameError = asked ? draft.nameError : null;
  const failed = draft.status.kind === 'failed' ? draft.status.message : null;
  // Built-in templates and your organisation's own.
  const templates = useRecordTemplates();
  const agreementTemplates = useAgreementTemplates();
  // The same list while the same problems stand, so the summary takes the focus only when they change.
  const errors = useMemo<FieldError[]>(
    () => [...(shownNameError ? [{ fieldId: nameId, message: shownNameError }] : []), ...(failed ? [{ fieldId: nameId, message: failed }] : [])],
    [shownNameError, failed, nameId],
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAsked(true);
    await draft.flush();
  }

  if (!draft.loaded) return <p role="status">{copy.connect.loading}</p>;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="app-profile">
      {intro && <p>{intro}</p>}
      <ErrorSummary title={copy.connect.problem} errors={errors} />
      <Input
        id={nameId}
        label={w.name}
        hint={w.nameHint}
        error={draft.nameError ?? undefined}
        value={draft.name}
        onChange={draft.setName}
        onBlur={draft.leave}
        spellCheck={false}
        maxLength={200}
        width={30}
      />
      <Input
        id={`${draft.idPrefix}-job-role`}
        label={w.jobRole}
        hint={w.jobRoleHint}
        value={draft.jobRole}
        onChange={draft.setJobRole}
        onBlur={draft.leave}
        maxLength={200}
        width={30}
      />
      {withDefaults && (
        <>
          <Input
            id={`${draft.idPrefix}-organisation`}
            label={w.organisation}
            hint={w.organisationHint}
            value={draft.details.organisation}
            onChange={(value) => draft.setDetail('organisation', value)}
            onBlur={draft.leave}
            maxLength={200}
            width={30}
          />
          <p>{w.defaultsLede}</p>
          <Select
            id={`${draft.idPrefix}-template`}
            label={w.template}
            noneLabel={w.noTemplate}
            value={draft.details.templateId}
            options={templates.map((t) => ({ value: t.id, label: t.title }))}
            onChange={(value) => draft.setDetail('templateId', value)}
          />
          <Select
            id={`${draft.idPrefix}-agreement-template`}
            label={w.agreementTemplate}
            noneLabel={w.noTemplate}
            value={draft.details.agreementTemplateId}
            options={agreementTemplates.map((t) => ({ value: t.id, label: t.title }))}
            onChange={(value) => draft.setDetail('agreementTemplateId', value)}
          />
        </>
      )}
      <p className="nhsuk-body-s app-save-status">
        {draft.status.kind === 'saved' ? w.saved : draft.status.kind === 'saving' ? w.saving : draft.stored || draft.name ? w.notSaved : '\u00a0'}
      </p>
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        {w.save}
      </button>
    </form>
  );
}
