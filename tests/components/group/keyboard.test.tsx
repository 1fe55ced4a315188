// Keyboard only: the register and the agreement, each step's heading taking focus.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { openNewGroupSession, savedContentWhen, stepHeading, useHarness } from './harness.tsx';
import { expectFocused } from '../session/harness.tsx';

const harness = useHarness('group-keyboard');

it('the register and the agreement can be done with the keyboard alone', async () => {
  const user = userEvent.setup();
  const { ids, sessionId } = await openNewGroupSession(harness());

  stepHeading().focus();
  // Five radio groups, one tab stop each: Space marks present; Dee Clark's arrow moves to Apologies.
  for (let member = 0; member < 5; member += 1) {
    await user.tab();
    expect(document.activeElement).toHaveAccessibleName('Present');
    if (member === 4) await user.keyboard('{ArrowRight}');
    else await user.keyboard(' ');
  }
  await user.tab();
  expect(document.activeElement).toHaveAccessibleName('Continue');
  await user.keyboard('{Enter}');
  await expectFocused(screen.findByRole('heading', { level: 2, name: 'Confidentiality boundaries and ground rules' }));

  await user.tab();
  expect(document.activeElement).toHaveAccessibleName('Confidentiality boundaries and ground rules');
  await user.tab();
  expect(document.activeElement).toHaveAccessibleName('We agree these boundaries');
  await user.keyboard('{Enter}');
  await screen.findByText(/^Agreed at /);
  await user.tab();
  expect(document.activeElement).toHaveAccessibleName('Change the boundaries');
  await user.tab();
  expect(document.activeElement).toHaveAccessibleName('Continue');
  await user.keyboard('{Enter}');
  await expectFocused(screen.findByRole('heading', { level: 2, name: 'Case consultations' }));

  const saved = await savedContentWhen(harness(), sessionId, (content) => expect(content.agreement).not.toBeNull());
  expect(saved.attendance[ids['Dee Clark'] as string]).toBe('apologies');
  expect(Object.values(saved.attendance).filter((mark) => mark === 'present')).toHaveLength(4);
});
