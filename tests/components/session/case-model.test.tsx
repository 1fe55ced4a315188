// Choosing the reflective model at the start of a case (Somerset, Appendix 2: "Supervisors can utilise different models").
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { continueToCaseDiscussion, openSession, recordPreview, savedRecordWhen, useDerbySession } from './harness.tsx';

const { harness, sessionId } = useDerbySession('case-model');

const GIBBS = "Gibbs' reflective cycle";

describe('choosing a reflective model for a case', () => {
  it('offers every model, the template’s default chosen; a case started with Gibbs runs Gibbs’ stages and its record names the model', async () => {
    const user = userEvent.setup();
    await openSession(harness(), sessionId());
    await continueToCaseDiscussion(user);

    const choice = screen.getByRole('group', { name: 'Reflective model for this case' });
    const options = within(choice).getAllByRole('radio');
    expect(options.map((o) => (o as HTMLInputElement).labels?.[0]?.textContent)).toEqual([
      'The 4x4x4 cycle (the template’s default)',
      "Gibbs' reflective cycle",
      "Kolb's experiential learning cycle",
      'Temple Learning Academy — Appendix 3 aide-memoire',
    ]);
    expect(within(choice).getByRole('radio', { name: 'The 4x4x4 cycle (the template’s default)' })).toBeChecked();

    await user.click(within(choice).getByRole('radio', { name: GIBBS }));
    await user.type(screen.getByRole('textbox', { name: 'Child or family' }), 'Baby T');
    await user.click(screen.getByRole('button', { name: 'Discuss a case' }));

    expect(await screen.findByRole('heading', { level: 3, name: 'Description — What happened?' })).toBeInTheDocument();
    const stages = screen.getByRole('list', { name: GIBBS });
    expect(within(stages).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Description', 'Feelings', 'Evaluation', 'Analysis', 'Conclusion', 'Action plan']);
    expect(screen.getByText('Stage 1 of 6')).toBeInTheDocument();

    const answers: [string, string][] = [
      ['Description: What happened?', 'Home visit: a bruise on the upper arm.'],
      ['Feelings: What were you thinking and feeling?', 'Uneasy at how quickly the explanation came.'],
      ['Evaluation: What was good and bad about the experience?', 'Seen the same day; the GP was not asked for the history.'],
      ['Analysis: What sense can you make of the situation?', 'A non-mobile baby with a bruise: the risk is high because it is unexplained.'],
      ['Conclusion: What else could you have done?', 'Asked for a strategy discussion sooner.'],
    ];
    for (const [field, text] of answers) {
      await user.type(screen.getByRole('textbox', { name: field }), text);
      await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));
    }
    expect(await screen.findByRole('heading', { level: 3, name: 'Action plan — If it arose again, what would you do?' })).toBeInTheDocument();
    // The plan stage cannot be skipped: there is no skip button at it.
    expect(screen.queryByRole('button', { name: 'Skip this stage' })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'Action plan: If it arose again, what would you do?' }), 'Strategy discussion requested today.');
    await user.click(screen.getByRole('button', { name: 'Finish this case' }));

    const saved = await savedRecordWhen(harness(), sessionId(), (record) => expect(record.cases[0]?.complete).toBe(true));
    expect(saved.cases[0]?.model).toEqual({ id: 'gibbs', version: '1.0.0' });
    expect(Object.keys(saved.cases[0]?.stages ?? {})).toEqual(['description', 'feelings', 'evaluation', 'analysis', 'conclusion', 'actionPlan']);
    expect(await within(recordPreview()).findByText("Gibbs' reflective cycle (version 1.0.0)")).toBeInTheDocument();
    expect(within(recordPreview()).getByText('Reflective model')).toBeInTheDocument();
    expect(screen.getByText("Discussed with Gibbs' reflective cycle")).toBeInTheDocument();
  });

  it('a case started without changing the choice runs the template’s default and stores no model ref (as 4x4x4 cases always did)', async () => {
    const user = userEvent.setup();
    await openSession(harness(), sessionId());
    await continueToCaseDiscussion(user);
    await user.type(screen.getByRole('textbox', { name: 'Child or family' }), 'Child Q');
    await user.click(screen.getByRole('button', { name: 'Discuss a case' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'Experience — What happened?' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Set this case aside' }));
    const saved = await savedRecordWhen(harness(), sessionId(), (record) => expect(record.cases).toHaveLength(1));
    expect(saved.cases[0] && 'model' in saved.cases[0]).toBe(false);
    expect(Object.keys(saved.cases[0]?.stages ?? {})).toEqual(['experience', 'reflection', 'analysis', 'actionPlanning']);
  });
});
