/**
 * One agreement through the real app: South Gloucestershire's checklist, refused until all
 * ten items are ticked and its arrangements filled in, resumed after a reload, read through,
 * signed by both and sealed with its review date a year on.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { addSupervisee, provideOffscreenCanvas, renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('agreement');

describe('A supervision agreement', () => {
  it('is completed section by section, signed by both and sealed for a year', async () => {
    provideOffscreenCanvas();
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    renderApp(harness(), '#/agreements');

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Whose agreement?' }), personId);
    expect(await screen.findByText('No agreement yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start the agreement' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Which agreement does your policy use?');
    await user.click(screen.getByRole('radio', { name: 'Checklist for SUPERVISION AGREEMENT' }));
    await user.type(screen.getByLabelText('Supervisor’s full name'), 'Sam Supervisor');
    await user.type(screen.getByLabelText('Supervisor’s role'), 'Named Nurse');
    await user.click(screen.getByRole('button', { name: 'Start the agreement' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Checklist for SUPERVISION AGREEMENT' })).toBeInTheDocument();
    const agreementId = window.location.hash.replace('#/agreement/', '');
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes).toHaveLength(10);

    // Refused, each gap named, until every item is ticked.
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    const refusal = await screen.findByRole('alert');
    expect(within(refusal).getAllByText(/^Not yet ticked as discussed and agreed/)).toHaveLength(10);
    for (const box of boxes.slice(0, 9)) await user.click(box);
    await user.type(screen.getByLabelText('Frequency:'), 'Monthly');
    await user.type(screen.getByLabelText('Duration:'), 'One hour');
    await user.type(screen.getByLabelText('Venue'), 'Health centre');
    await user.type(screen.getByLabelText('Type'), 'One to one');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    const stillRefused = await screen.findByRole('alert');
    expect(within(stillRefused).getAllByText(/^Not yet ticked as discussed and agreed/)).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 1, name: 'Checklist for SUPERVISION AGREEMENT' })).toBeInTheDocument();
    await user.click(boxes[9]!);

    // Saved as it goes: a reload resumes with everything ticked and filled in.
    await waitFor(async () => {
      const stored = await harness().repositories.agreements.get(agreementId);
      expect(Object.values(stored?.agreement.ticks['checklist'] ?? {}).filter(Boolean)).toHaveLength(10);
    });
    cleanup();
    renderApp(harness(), `#/agreement/${agreementId}`);
    await screen.findByRole('heading', { level: 1, name: 'Checklist for SUPERVISION AGREEMENT' });
    for (const box of screen.getAllByRole('checkbox')) expect(box).toBeChecked();
    expect(screen.getByLabelText('Frequency:')).toHaveValue('Monthly');

    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Signatures' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'We have read the agreement through' }));

    for (const [title, name] of [
      ['Supervisor', 'Sam Supervisor'],
      ['Supervisee', 'Val Visitor'],
    ] as const) {
      const pad = await screen.findByRole('group', { name: `Signature (${title})` });
      await user.click(within(pad).getByRole('button', { name: 'Use my typed name as my signature' }));
      await within(pad).findByRole('img', { name: `Your typed name, ${name}, as a signature` });
      await user.click(screen.getByRole('button', { name: `Sign as ${title}` }));
      if (title === 'Supervisor') expect(await screen.findByText(/^Signed by Sam Supervisor on /)).toBeInTheDocument();
    }

    expect(await screen.findByText('Agreed and sealed')).toBeInTheDocument();
    expect(screen.getByText('In force')).toBeInTheDocument();
    const reviewRow = screen.getByText('Review date').closest('div')!;
    expect(reviewRow).toHaveTextContent('22 November 2027');
    expect(screen.getByText('Agreed on').closest('div')!).toHaveTextContent('22 November 2026');
    expect(screen.getByRole('button', { name: 'Print or save as PDF' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download as text' })).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).toBeNull();

    await waitFor(async () => {
      const stored = await harness().repositories.agreements.get(agreementId);
      expect(stored?.row).toMatchObject({ status: 'sealed', reviewDue: '2027-11-22' });
      expect(screen.getByText(stored!.agreement.contentHash!)).toBeInTheDocument();
    });
    const inForce = await harness().repositories.agreements.inForce(personId, '2026-11-22');
    expect(inForce).toMatchObject({ status: 'inForce', agreement: { id: agreementId, agreedOn: '2026-11-22', reviewDue: '2027-11-22' } });

    // Reopened, it is shown sealed, read-only.
    cleanup();
    renderApp(harness(), `#/agreement/${agreementId}`);
    expect(await screen.findByText('Agreed and sealed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Sign as/ })).toBeNull();
  });
});
