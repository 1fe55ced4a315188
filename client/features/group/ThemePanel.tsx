/**
 * Theme capture, beside every step while the session is open: a short text, tags from the
 * session's vocabulary (a new tag can be added), and the themes captured so far. A theme
 * captured while a consultation runs is linked to it. A captured theme that could identify
 * a child shows the words that may name someone, each with its confirmation, and can be
 * reworded in place.
 */
import { useMemo, useState } from 'react';
import { themesNameFlags, themesRecordProblems, type NameFlag, type ThemesRecordProblem } from '../../../machines/group/outputs.ts';
import type { ThemeV1 } from '../../../machines/model/group.ts';
import { copy } from '../../content/copy.ts';
import { TextArea } from '../../components/TextArea.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { NewTagInput, sameTag, tidyTag } from './GroupFields.tsx';
import { HeadedList } from './HeadedList.tsx';
import { NameFlags } from './NameFlags.tsx';
import { focusSoon } from './focus.ts';
import { fieldIds } from './problems.ts';
import { useGroupSelector, useGroupSession, useRunningConsultation } from './groupSessionContext.tsx';

const g = copy.group;
const maxThemeLength = 500;
/** As a theme holds them ($ThemeV1.tags). */
const maxThemeTags = 20;

export function ThemePanel() {
  const { actor, newId, now } = useGroupSession();
  const content = useGroupSelector((s) => s.context);
  const { vocabulary, themes } = content;
  const problems = useMemo(() => themesRecordProblems(content), [content]);
  const nameFlags = useMemo(() => themesNameFlags(content), [content]);
  const { snapshot: consultation } = useRunningConsultation();
  const [text, setText] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [textError, setTextError] = useState<string | undefined>();
  const [newTag, setNewTag] = useState('');
  const [tagError, setTagError] = useState<string | undefined>();
  const [captured, setCaptured] = useState('');
  const [tagsError, setTagsError] = useState<string | undefined>();

  function addTag() {
    const tag = tidyTag(newTag);
    if (!tag) return setTagError(g.enterTag);
    const existing = vocabulary.find((t) => sameTag(t, tag));
    if (existing) {
      // Already in the vocabulary: tick it rather than add a near-duplicate.
      setTags((current) => (current.includes(existing) ? current : [...current, existing]));
      setTagError(undefined);
      setNewTag('');
      return;
    }
    actor.send({ type: 'vocabulary.added', tag });
    setTags((current) => [...current, tag]);
    setTagError(undefined);
    setNewTag('');
  }

  function capture() {
    const trimmed = text.trim();
    if (!trimmed) return setTextError(g.enterTheme);
    if (trimmed.length > maxThemeLength) return setTextError(g.themeTooLong);
    setTextError(undefined);
    const chosen = tags.filter((t) => vocabulary.includes(t));
    if (chosen.length > maxThemeTags) return setTagsError(g.tooManyTags(maxThemeTags));
    setTagsError(undefined);
    const id = newId();
    actor.send({
      type: 'theme.captured',
      theme: { id, text: trimmed, tags: chosen, capturedAt: now().toISOString(), consultationId: consultation?.context.id ?? null },
    });
    setText('');
    setTags([]);
    setCaptured(g.themeCaptured(themes.length + 1));
  }

  return (
    <>
      <h2 className="nhsuk-heading-m" id="themes-panel-heading">
        {g.themesTitle}
      </h2>
      <div className="nhsuk-card">
        <div className="nhsuk-card__content">
          <TextArea id="theme-text" label={g.themeText} hint={g.themeHint} value={text} onChange={setText} rows={2} error={textError} />
          <Checkboxes name="theme-tags" legend={g.tags} options={vocabulary.map((tag) => ({ value: tag, label: tag }))} values={tags} onChange={setTags} error={tagsError} small />
          <NewTagInput id="theme-new-tag" value={newTag} onChange={setNewTag} error={tagError} onAdd={addTag} />
          <div className="app-inline-buttons">
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={addTag}>
              {g.addTag}
            </button>
          </div>
          <button type="button" className="nhsuk-button" onClick={capture}>
            {g.capture}
          </button>
          <p className="nhsuk-body-s" role="status">
            {captured}
          </p>
        </div>
      </div>
      <HeadedList id="captured-themes-heading" title={g.captured} headingSize="s" ordered items={themes} empty={g.noThemes}>
        {(theme, index) => (
          <li key={theme.id}>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              <strong>{g.themeNumber(index + 1)}:</strong> {theme.text}
            </p>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{theme.tags.length > 0 ? g.themeTags(theme.tags.join(', ')) : g.untagged}</p>
            {theme.consultationId && <p className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-1">{g.duringCase}</p>}
            <ThemeProblems
              theme={theme}
              number={index + 1}
              problems={problems.filter((p) => p.where === g.themeNumber(index + 1))}
              flags={nameFlags.filter((f) => f.part.kind === 'theme' && f.part.themeId === theme.id)}
              onReworded={setCaptured}
            />
            <button
              type="button"
              id={fieldIds.themeRemove(theme.id)}
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              onClick={() => {
                actor.send({ type: 'theme.removed', id: theme.id });
                focusSoon('theme-text');
              }}
            >
              {g.removeTheme(index + 1)}
            </button>
          </li>
        )}
      </HeadedList>
    </>
  );
}

/** A theme's words that may name someone, and rewording it in place (which clears their confirmations). */
function ThemeProblems(props: { theme: ThemeV1; number: number; problems: readonly ThemesRecordProblem[]; flags: readonly NameFlag[]; onReworded: (status: string) => void }) {
  const { theme, number, flags } = props;
  const { actor } = useGroupSession();
  const [rewording, setRewording] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const rewordable = props.problems.length > 0 || flags.length > 0;
  if (!rewordable && rewording === null) return null;
  const textId = `theme-reworded-${theme.id}`;

  function save() {
    const trimmed = (rewording ?? '').trim();
    if (!trimmed) return setError(g.enterTheme);
    if (trimmed.length > maxThemeLength) return setError(g.themeTooLong);
    actor.send({ type: 'theme.reworded', id: theme.id, text: trimmed });
    setRewording(null);
    setError(undefined);
    props.onReworded(g.themeReworded(number));
    // Reworded so it names nobody, the button goes: back to capturing themes.
    focusSoon(fieldIds.themeReword(theme.id), 'theme-text');
  }

  return (
    <>
      {flags.length > 0 && <NameFlags flags={flags} where={g.themeNumber(number)} />}
      {rewording === null ? (
        rewordable && (
          <button
            type="button"
            id={fieldIds.themeReword(theme.id)}
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() => {
              setRewording(theme.text);
              focusSoon(textId);
            }}
          >
            {g.rewordTheme(number)}
          </button>
        )
      ) : (
        <>
          <TextArea id={textId} label={g.rewordedTheme(number)} value={rewording} onChange={setRewording} rows={2} error={error} />
          <div className="app-inline-buttons">
            <button type="button" className="nhsuk-button nhsuk-button--small" onClick={save}>
              {g.saveRewording}
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              onClick={() => {
                setRewording(null);
                setError(undefined);
                focusSoon(fieldIds.themeReword(theme.id));
              }}
            >
              {g.cancelRewording}
            </button>
          </div>
        </>
      )}
    </>
  );
}
