/**
 * Theme capture, beside every step while the session is open: a short text, tags from the
 * session's vocabulary (a new tag can be added), and the themes captured so far. A theme
 * captured while a consultation runs is linked to it.
 */
import { useState } from 'react';
import { copy } from '../../content/copy.ts';
import { TextArea } from '../../components/TextArea.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { NewTagInput, sameTag, tidyTag } from './GroupFields.tsx';
import { HeadedList } from './HeadedList.tsx';
import { focusSoon } from './focus.ts';
import { fieldIds } from './problems.ts';
import { useGroupSelector, useGroupSession, useRunningConsultation } from './groupSessionContext.tsx';

const g = copy.group;
const maxThemeLength = 500;
/** As a theme holds them ($ThemeV1.tags). */
const maxThemeTags = 20;

export function ThemePanel() {
  const { actor, newId, now } = useGroupSession();
  const vocabulary = useGroupSelector((s) => s.context.vocabulary);
  const themes = useGroupSelector((s) => s.context.themes);
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
            {theme.consultationId && <p className="nhsuk-body-s nhsuk-u-secondary-text-color nhsuk-u-margin-bottom-1">{g.duringCase}</p>}
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
