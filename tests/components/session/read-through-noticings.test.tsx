// The read-through before signing lists the assistant's follow-ups left (put aside, not answered)
// and the gaps never asked, once and briefly; answered and dismissed ones are not listed; signing
// goes on whatever is listed (issue 21, point 3).
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { derby, driveToSignatures, requireCycle, satisfy } from '../../machines/fixtures.ts';
import { stepGaps } from '../../../machines/session/gaps.ts';
import { sectionsFor } from '../../../machines/model/template.ts';
import { allowOnlyCanvasErrors, renderApp, startSavedSession, useDerbySession } from './harness.tsx';

allowOnlyCanvasErrors();
const { harness, sessionId } = useDerbySession('read-through-noticings');
const TEXT = 'Visited Pip at home. Nothing much has changed. The flat was cold and the fridge had only milk in it. Mum says she is coping.';

describe('the read-through’s list of follow-ups left', () => {
  it('lists the one put aside and the one not answered, not the answered or dismissed, and the record can still be read through and signed', async () => {
    const template = derby();
    const actor = await startSavedSession(harness(), template, sessionId());
    for (const section of sectionsFor(template, 'safeguarding-supervision')) {
      if (section.collects.kind === 'cases') break;
      if (stepGaps(section, actor.getSnapshot().context).length > 0) satisfy(actor, section);
      actor.send({ type: 'step.next' });
    }
    // The case discussed with four follow-ups, one of each outcome, then the agenda on to the signatures.
    actor.send({ type: 'case.started', caseId: 'case-pip-0001', label: 'Pip', chosenBy: null });
    const cycle = requireCycle(actor);
    const stage = Object.keys(cycle.getSnapshot().context.stages)[0]!;
    cycle.send({ type: 'stage.answered', stage, field: 'notes', text: TEXT });
    const outcomes = [
      ['child-voice', 'Put aside question?', { type: 'followUp.notNow', stage }],
      ['invisible-men', 'Answered question?', { type: 'followUp.answered', stage, answer: 'Dad lives at home.' }],
      ['other-agencies', 'Dismissed question?', { type: 'followUp.dismissed', stage, reason: 'No other agency.' }],
      ['child-not-seen', 'Unanswered question?', null],
    ] as const;
    for (const [ruleId, question, close] of outcomes) {
      cycle.send({ type: 'followUp.raised', stage, ruleId, questionIndex: 0, question });
      if (close) cycle.send(close);
    }
    for (const s of Object.keys(cycle.getSnapshot().context.stages)) {
      cycle.send({ type: 'stage.answered', stage: s, field: 'notes', text: s === stage ? TEXT : `Pip: ${s} written with care and reasons.` });
      cycle.send({ type: 'stage.completed' });
    }
    expect(actor.getSnapshot().context.cases[0]?.complete).toBe(true);
    driveToSignatures(actor, template, 'safeguarding-supervision');
    await harness().repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
    actor.stop();

    const user = userEvent.setup();
    renderApp(harness(), `#/session/${sessionId()}`);
    const left = await screen.findByRole('region', { name: 'Questions the assistant asked that were left' }, { timeout: 8000 });
    const items = within(left).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toContain('Pip: Put aside question? (not now)');
    expect(items).toContain('Pip: Unanswered question? (not answered)');
    expect(items.join('\n')).not.toMatch(/Answered question|Dismissed question/);
    // Gaps never asked are named by their noticing, and only those not asked.
    for (const item of items.filter((i) => i?.startsWith('Pip:') && i.endsWith('(not asked)'))) expect(item).not.toMatch(/voice|fathers|agencies|seen alone/);
    await user.click(screen.getByRole('button', { name: 'We have read the record through' }));
    expect(await screen.findByRole('button', { name: 'Sign as Supervisor' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Questions the assistant asked that were left' })).not.toBeInTheDocument();
  });
});
