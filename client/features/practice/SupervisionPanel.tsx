/**
 * Beside the case: the simulated supervisee (the trainee chooses an intervention, writes what
 * they would say, and the supervisee answers from the script), or, when the trainee plays the
 * supervisee, the scripted supervisor's prompts for the stage.
 */
import { useSelector } from '@xstate/react';
import { cycleStages, type CycleStage } from '../../../machines/model/template.ts';
import { interventionKinds } from '../../../machines/practice/scenario.ts';
import { practiceRefusals } from '../../../machines/practice/practice.machine.ts';
import { stageWords } from '../../../machines/practice/debrief.ts';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';
import { Radios } from '../../components/Radios.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import type { PracticeActor } from './PracticeScreen.tsx';

const w = copy.practice;

export function SupervisionPanel({ practice, stage }: { practice: PracticeActor; stage: CycleStage | null }) {
  const { newId, now } = useServices();
  const context = useSelector(practice, (s) => s.context);
  const { scenario, role, turns, draft, refusal } = context;

  if (role === 'supervisee') {
    return (
      <>
        <h2 className="nhsuk-heading-s">{w.promptsTitle}</h2>
        {stage === null ? (
          <p>{w.outsideCase}</p>
        ) : (
          <>
            <p className="nhsuk-hint">{w.promptsHint}</p>
            <ul className="nhsuk-list" aria-label={`${w.promptsTitle}: ${stageWords[stage]}`}>
              {scenario.supervisorPrompts[stage].map((prompt) => (
                <li key={prompt.text}>
                  <strong>{w.interventions[prompt.intervention]}:</strong> {prompt.text}
                </li>
              ))}
            </ul>
          </>
        )}
      </>
    );
  }

  const say = () => practice.send({ type: 'turn.taken', id: newId(), intervention: draft.intervention, words: draft.words, at: now().toISOString() });
  const refusedFor = refusal === practiceRefusals.intervention ? 'intervention' : refusal === practiceRefusals.words ? 'words' : null;

  return (
    <>
      <h2 className="nhsuk-heading-s">{w.supervisee(`${scenario.supervisee.name}, ${scenario.supervisee.role}`)}</h2>
      {stage === null ? (
        <p>{w.outsideCase}</p>
      ) : (
        <>
          <h3 className="nhsuk-heading-xs">{w.transcript}</h3>
          <ol className="nhsuk-list app-transcript" aria-label={w.transcript} tabIndex={0}>
            {cycleStages
              .filter((s) => s === stage || turns.some((t) => t.stage === s))
              .map((s) => (
                <li key={s}>
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                    <strong>{stageWords[s]}</strong>
                  </p>
                  <p className="app-transcript__supervisee">
                    {scenario.supervisee.name}: {scenario.script[s].opening}
                  </p>
                  {turns
                    .filter((t) => t.stage === s)
                    .map((t) => (
                      <div key={t.id}>
                        <p className="app-transcript__trainee">
                          {w.you} ({w.interventions[t.intervention]}): {t.words}
                        </p>
                        <p className="app-transcript__supervisee">
                          {scenario.supervisee.name}: {t.reply}
                        </p>
                      </div>
                    ))}
                </li>
              ))}
          </ol>
          <Radios
            name="practice-intervention"
            legend={w.intervention}
            hint={w.interventionHint}
            small
            error={refusedFor === 'intervention' ? refusal ?? undefined : undefined}
            value={draft.intervention}
            onChange={(value) => practice.send({ type: 'draft.changed', intervention: interventionKinds.find((k) => k === value) ?? null, words: draft.words })}
            options={interventionKinds.map((k) => ({ value: k, label: w.interventions[k] }))}
          />
          <TextArea
            id="practice-words"
            label={w.words}
            rows={3}
            value={draft.words}
            error={refusedFor === 'words' ? refusal ?? undefined : undefined}
            onChange={(words) => practice.send({ type: 'draft.changed', intervention: draft.intervention, words })}
          />
          <button type="button" className="nhsuk-button" onClick={say}>
            {w.say}
          </button>
        </>
      )}
    </>
  );
}
