// The record screen's child-record entries (issue 16, point 3): each leaves the supervisee's
// reflection out by default; a choice made for one case brings it in, with the warning that the
// child's record can be disclosed to the family, and is kept beside the record (which does not
// change) for the next time the record is opened. A session is run through the real machine,
// signed and saved as the app saves it.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addSupervisee, renderApp, useHarness } from '../session/harness.tsx';
import { signSession } from '../history/fixtures.ts';

const harness = useHarness('child-record-entries');

const REFLECTION = 'I felt anxious and unwelcome, and left sooner than I meant to';
const SYSTEM = "the child's health record";
const reflectionBox = 'Include the discussion of what it was like (reflection)';
const warningTitle = /^Important:\s*The child’s record can be disclosed to the family$/;

afterEach(() => {
  Reflect.deleteProperty(window.navigator, 'clipboard');
  vi.restoreAllMocks();
});

/** A signed Derby session with Baby Tilly (the tester's reflection) and Jay Smith discussed. */
async function signedWithTwoChildren(): Promise<string> {
  return signSession(harness(), await addSupervisee(harness()), {
    date: '2026-11-22',
    cases: [
      {
        caseId: 'case-tilly-0001',
        label: 'Baby Tilly',
        stages: {
          experience: 'Home visit on 20 November: Tilly unwashed; Jay Smith was in the flat.',
          reflection: REFLECTION,
          analysis: 'Neglect indicators, and the father minimises them.',
          actionPlanning: 'Refer to children’s social care today.',
        },
      },
      {
        caseId: 'case-jay-00001',
        label: 'Jay Smith',
        stages: {
          experience: 'Missing from school twice this month.',
          reflection: 'Worried I am missing signs.',
          analysis: 'Possible exploitation; the evidence is thin.',
          actionPlanning: 'Share information with the school DSL.',
        },
      },
    ],
    actions: [
      { id: 'action-tilly-01', what: 'Refer Tilly to MASH', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: 'case-tilly-0001' },
      { id: 'action-jay-0001', what: 'Speak to the school DSL', owner: { kind: 'other', name: 'Pat Jones, school nurse' }, dueDate: '2026-11-27', caseId: 'case-jay-00001' },
    ],
  });
}

/** jsdom has no object URLs and does not download: each file is caught as the browser would get it. */
function catchDownloads(): { created: Blob[]; restore: () => void } {
  const created: Blob[] = [];
  const originalCreate = URL.createObjectURL;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    created.push(blob);
    return `blob:entry-${created.length}`;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  return { created, restore: () => (URL.createObjectURL = originalCreate) };
}

async function openRecord(sessionId: string) {
  renderApp(harness(), `#/record/${sessionId}`);
  await screen.findByRole('heading', { level: 1, name: 'Signed record' });
}

async function entry(label: string): Promise<HTMLElement> {
  return screen.findByRole('region', { name: `Entry for ${label}` });
}

function textOf(region: HTMLElement): string {
  return (within(region).getByRole('textbox', { name: `Entry to copy into ${SYSTEM}` }) as HTMLTextAreaElement).value;
}

describe('the record screen’s child-record entries', () => {
  it('leave the reflection out; choosing it for one child brings it in with the disclosure warning, kept beside the unchanged record', async () => {
    const user = userEvent.setup();
    const sessionId = await signedWithTwoChildren();
    const recordBefore = await harness().db.sessions.get(sessionId);
    await openRecord(sessionId);

    const tilly = await entry('Baby Tilly');
    expect(textOf(tilly)).toContain('Analysis: Neglect indicators, and the father minimises them.');
    expect(textOf(tilly)).toContain('1. Refer Tilly to MASH — Supervisee; by 31 December 2026.');
    expect(textOf(tilly)).not.toContain('anxious');
    expect(textOf(tilly)).not.toContain('Home visit');
    expect(textOf(tilly)).not.toMatch(/\b(jay|smith)\b/i);
    expect(within(tilly).queryByRole('heading', { name: warningTitle })).toBeNull();

    await user.click(within(tilly).getByRole('checkbox', { name: reflectionBox }));
    await waitFor(() => expect(textOf(tilly)).toContain(`Reflection: ${REFLECTION}.`));
    expect(within(tilly).getByRole('checkbox', { name: reflectionBox })).toBeChecked();
    expect(within(tilly).getByRole('heading', { name: warningTitle })).toBeInTheDocument();
    expect(within(tilly).getByText(/What is copied into the child's health record can be read by the child and their family/)).toBeInTheDocument();

    // The other child's entry is as it was.
    const jay = await entry('Jay Smith');
    expect(textOf(jay)).not.toContain('Worried I am missing signs');
    expect(within(jay).getByRole('checkbox', { name: reflectionBox })).not.toBeChecked();
    expect(within(jay).queryByRole('heading', { name: warningTitle })).toBeNull();

    // Kept beside the record, which is unchanged; opened again, the entry follows the choice.
    await waitFor(async () => expect(await harness().repositories.childRecordChoices.of(sessionId)).toEqual({ ok: true, value: { 'case-tilly-0001': ['reflection'] } }));
    expect(await harness().db.sessions.get(sessionId)).toEqual(recordBefore);
    expect(await harness().db.amendments.count()).toBe(0);
    cleanup();
    await openRecord(sessionId);
    const again = await entry('Baby Tilly');
    await waitFor(() => expect(within(again).getByRole('checkbox', { name: reflectionBox })).toBeChecked());
    expect(textOf(again)).toContain(REFLECTION);
    expect(textOf(await entry('Jay Smith'))).not.toContain('Worried');
  });

  it('downloads the entry shown beside the button as a FHIR DocumentReference, and only that child’s', async () => {
    const user = userEvent.setup();
    const { created, restore } = catchDownloads();
    try {
      const sessionId = await signedWithTwoChildren();
      await openRecord(sessionId);
      const tilly = await entry('Baby Tilly');
      // As chosen for this child: the reflection is in the entry, so it is in what leaves.
      await user.click(within(tilly).getByRole('checkbox', { name: reflectionBox }));
      await waitFor(() => expect(textOf(tilly)).toContain(REFLECTION));
      await user.click(within(tilly).getByRole('button', { name: 'Download as FHIR DocumentReference: the entry for Baby Tilly' }));
      expect(created).toHaveLength(1);
      expect(created[0]?.type).toBe('application/fhir+json');
      const resource = JSON.parse(await created[0]!.text()) as { subject: { display: string }; author: { display: string }[]; docStatus: string; content: { attachment: { data: string } }[] };
      const bytes = Uint8Array.from(atob(resource.content[0]!.attachment.data), (c) => c.charCodeAt(0));
      expect(new TextDecoder().decode(bytes)).toBe(textOf(tilly));
      expect(resource.subject.display).toBe('Baby Tilly');
      expect(resource.docStatus).toBe('final');
      // Nothing of the other child, in the resource's own fields or in the entry it carries (base64 apart: its letters are not words).
      expect(JSON.stringify({ ...resource, content: [] })).not.toMatch(/jay|smith|school DSL/i);
      expect(new TextDecoder().decode(bytes)).not.toMatch(/\b(jay|smith)\b|school DSL/i);
    } finally {
      restore();
    }
  });

  it('copies and downloads the entry as chosen', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(window.navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { created, restore } = catchDownloads();
    try {
      await openRecord(await signedWithTwoChildren());
      const tilly = await entry('Baby Tilly');
      await user.click(within(tilly).getByRole('button', { name: 'Copy to clipboard' }));
      await within(tilly).findByText('Copied');
      expect(writeText).toHaveBeenLastCalledWith(textOf(tilly));
      expect(writeText.mock.calls.at(-1)?.[0]).not.toContain('anxious');

      await user.click(within(tilly).getByRole('checkbox', { name: reflectionBox }));
      await waitFor(() => expect(textOf(tilly)).toContain(REFLECTION));
      await user.click(within(tilly).getByRole('button', { name: 'Copy to clipboard' }));
      await waitFor(() => expect(writeText.mock.calls.at(-1)?.[0]).toContain(REFLECTION));
      await user.click(within(tilly).getByRole('button', { name: 'Download as text' }));
      expect(created).toHaveLength(1);
      expect(await created[0]!.text()).toBe(textOf(tilly));
    } finally {
      restore();
    }
  });

  it('says when a choice could not be kept, and the entry shows what it includes', async () => {
    const user = userEvent.setup();
    vi.spyOn(harness().repositories.childRecordChoices, 'choose').mockResolvedValue({ ok: false, message: 'the device’s storage is full' });
    await openRecord(await signedWithTwoChildren());
    const tilly = await entry('Baby Tilly');
    await user.click(within(tilly).getByRole('checkbox', { name: reflectionBox }));
    const group = within(tilly).getByRole('group', { name: 'What this entry includes' });
    await waitFor(() => expect(group).toHaveAccessibleDescription(/The choice could not be kept \(the device’s storage is full\)\. The entry shows what it includes now\./));
    expect(within(tilly).getByRole('checkbox', { name: reflectionBox })).not.toBeChecked();
    expect(textOf(tilly)).not.toContain('anxious');
    expect(within(tilly).queryByRole('heading', { name: warningTitle })).toBeNull();
  });

  it('says when the choices kept earlier cannot be read, and gives each entry its default', async () => {
    const sessionId = await signedWithTwoChildren();
    await harness().db.childRecordChoices.put({ sessionId, updatedAt: '2026-11-22T12:00:00.000Z', content: { version: 2 } as never });
    await openRecord(sessionId);
    expect(await screen.findByRole('alert')).toHaveTextContent('The choices made for these entries could not be read, so each entry shows what it includes by default.');
    expect(textOf(await entry('Baby Tilly'))).not.toContain('anxious');
  });
});

describe('names in an entry, found on this device', () => {
  it('a child named only in another child’s discussion is withheld; a name typed for this child is listed to check before copying', async () => {
    const sessionId = await signSession(harness(), await addSupervisee(harness()), {
      date: '2026-11-22',
      cases: [
        {
          caseId: 'case-tilly-0001',
          label: 'Baby Tilly',
          stages: {
            experience: 'Third missed clinic appointment.',
            reflection: 'Frustrated by the missed appointments.',
            analysis: 'Tilly is not brought to clinic; her brother Kacper says the car has broken down.',
            actionPlanning: 'Home visit this week; ask whether Mia still looks after Tilly after school.',
          },
        },
        {
          caseId: 'case-jay-00001',
          label: 'Jay Smith',
          stages: { experience: 'Jay lives with his sister Mia, who is fourteen.', reflection: 'Uneasy about how much falls to her.', analysis: 'Mia is a young carer.', actionPlanning: 'Young carers referral for Mia.' },
        },
      ],
      actions: [],
    });
    await openRecord(sessionId);
    const tilly = await entry('Baby Tilly');
    await waitFor(() => expect(textOf(tilly)).toContain('ask whether [another child] still looks after Tilly'));
    expect(textOf(tilly)).not.toMatch(/\bMia\b/);
    const check = within(tilly).getByRole('list', { name: 'Check these names before you copy the entry' });
    expect(within(check).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Kacper']);
  });
});
