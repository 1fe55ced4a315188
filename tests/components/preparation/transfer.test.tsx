// Moving a preparation between devices through the screens: export with a passphrase, import
// on another device's (fresh) database, and every refusal changing nothing. The screens are
// given few PBKDF2 rounds (transferDeps, honoured only under test); the app passes none.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRoute } from '../../../client/app/router.ts';
import { PrepareHome } from '../../../client/features/preparation/PrepareHome.tsx';
import { PreparationEditor } from '../../../client/features/preparation/PreparationEditor.tsx';
import { exportPreparation, MAX_FILE_BYTES, transferMessages } from '../../../client/preparation/transfer.ts';
import type { PreparationV1 } from '../../../machines/model/preparation.ts';
import { addSupervisee, createHarness, renderApp, SESSION_DATE, SUPERVISEE, useHarness, type Harness, expectFocused } from '../session/harness.tsx';

const fast = { iterations: 2_000, minimumIterations: 2_000 } as const;
const PASSPHRASE = 'correct horse battery';

/** The two preparation routes, as App renders them, with the test's transfer settings. */
function PreparationRoutes() {
  const route = useRoute();
  if (route.name === 'prepare') return <PrepareHome transferDeps={fast} />;
  if (route.name === 'preparation') return <PreparationEditor key={route.preparationId} preparationId={route.preparationId} transferDeps={fast} />;
  return null;
}

function renderPreparation(h: Harness, hash: string) {
  return renderApp(h, hash, <PreparationRoutes />);
}

const harness = useHarness('preparation-transfer');

/** A preparation written on "the other device" (its own ids), with one case and one issue to bring. */
function writtenElsewhere(overrides: Partial<PreparationV1> = {}): PreparationV1 {
  return {
    schema: 'preparation/v1',
    id: 'prep-from-laptop-01',
    supervisee: { name: SUPERVISEE.name, role: SUPERVISEE.role },
    forDate: SESSION_DATE,
    createdAt: '2026-11-20T09:15:00.000Z',
    updatedAt: '2026-11-21T18:40:00.000Z',
    issues: [
      { id: 'issue-laptop-01', text: 'Caseload has grown', bring: true },
      { id: 'issue-laptop-02', text: 'A private worry', bring: false },
    ],
    cases: [
      {
        id: 'case-laptop-01',
        label: 'Baby M',
        stages: { experience: { notes: 'Home visit, house cold' }, reflection: { notes: 'Uneasy' }, analysis: {} },
        bring: true,
      },
    ],
    ...overrides,
  };
}

async function fileFor(preparation: PreparationV1, passphrase = PASSPHRASE): Promise<string> {
  const result = await exportPreparation(preparation, passphrase, fast);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

async function openPrepareHome(h: Harness) {
  renderPreparation(h, '#/prepare');
  await screen.findByRole('heading', { level: 1, name: 'Prepare for a session' });
  await screen.findByRole('region', { name: 'Import a preparation' });
}

async function importText(user: UserEvent, text: string, passphrase = PASSPHRASE, name = 'supervision-preparation-2026-11-22.sspf') {
  await user.upload(screen.getByLabelText('Preparation file'), new File([text], name, { type: '' }));
  if (passphrase) await user.type(screen.getByLabelText('Passphrase'), passphrase);
  await user.click(screen.getByRole('button', { name: 'Import the preparation' }));
}

/** The error summary's messages, once it shows. */
async function summaryMessages(): Promise<string[]> {
  const summary = await screen.findByRole('alert');
  expect(within(summary).getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
  expect(summary).toHaveFocus();
  return within(summary)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('Exporting a preparation', () => {
  let downloads: Blob[];
  beforeEach(() => {
    downloads = [];
    // jsdom has no object URLs and does not download: catch the file as the browser would get it.
    URL.createObjectURL = vi.fn((blob: Blob | MediaSource) => {
      downloads.push(blob as Blob);
      return `blob:test/${downloads.length}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function openEditor(h: Harness): Promise<string> {
    const personId = await addSupervisee(h);
    const saved = await h.repositories.preparations.save(personId, writtenElsewhere());
    if (!saved.ok) throw new Error(saved.message);
    renderPreparation(h, `#/preparation/${saved.value.id}`);
    await screen.findByRole('heading', { level: 1, name: 'Preparation for the session of 22 November 2026' });
    return saved.value.id;
  }

  it('says what the file will hold and warns who can read it', async () => {
    await openEditor(harness());
    const section = screen.getByRole('region', { name: 'Export to move to another device' });
    expect(section).toHaveTextContent(
      'The file will hold the whole preparation, including anything not marked to bring: 2 issues and 1 case, and the name Val Visitor.',
    );
    expect(section).toHaveTextContent('Anyone who has both the file and the passphrase can read everything in it.');
  });

  it('passphrases that do not match, or are too short, are shown and nothing is exported', async () => {
    const user = userEvent.setup();
    await openEditor(harness());
    await user.type(screen.getByLabelText('Passphrase', { exact: true }), PASSPHRASE);
    await user.type(screen.getByLabelText('Confirm the passphrase'), 'correct horse batterz');
    await user.click(screen.getByRole('button', { name: 'Export the preparation' }));

    expect(await summaryMessages()).toEqual(['The passphrases do not match']);
    expect(screen.getByLabelText('Confirm the passphrase')).toHaveAccessibleDescription('Error: The passphrases do not match');
    expect(within(screen.getByRole('alert')).getByRole('link', { name: 'The passphrases do not match' })).toHaveAttribute('href', '#export-passphrase-confirm');

    await user.clear(screen.getByLabelText('Passphrase', { exact: true }));
    await user.clear(screen.getByLabelText('Confirm the passphrase'));
    await user.type(screen.getByLabelText('Passphrase', { exact: true }), 'short');
    await user.type(screen.getByLabelText('Confirm the passphrase'), 'short');
    await user.click(screen.getByRole('button', { name: 'Export the preparation' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Enter a passphrase of at least 8 characters'));
    expect(screen.getByRole('alert')).not.toHaveTextContent('do not match');

    expect(downloads).toHaveLength(0);
  });

  it('exports a file that, imported on a fresh database with the passphrase, recreates the preparation', async () => {
    const user = userEvent.setup();
    const id = await openEditor(harness());
    const original = (await harness().db.preparations.get(id))?.content;

    await user.type(screen.getByLabelText('Passphrase', { exact: true }), PASSPHRASE);
    await user.type(screen.getByLabelText('Confirm the passphrase'), PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Export the preparation' }));
    expect(
      await screen.findByText(
        'The file supervision-preparation-2026-11-22.sspf was saved to this device’s downloads. Import it on your other device with the passphrase.',
      ),
    ).toBeInTheDocument();
    expect(downloads).toHaveLength(1);
    const link = vi.mocked(HTMLAnchorElement.prototype.click).mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('supervision-preparation-2026-11-22.sspf');
    // The passphrase is not kept on screen once used.
    expect(screen.getByLabelText('Passphrase', { exact: true })).toHaveValue('');
    const fileText = await (downloads[0] as Blob).text();
    expect(fileText).not.toContain('Baby M');

    // The other device: its own database, the same supervisee added there.
    const other = createHarness('preparation-other-device');
    try {
      cleanup();
      await addSupervisee(other);
      await openPrepareHome(other);
      await importText(user, fileText);
      await expectFocused(screen.findByRole('heading', { level: 1, name: 'Preparation for the session of 22 November 2026' }));
      expect(screen.getByText('The preparation was imported.')).toBeInTheDocument();
      expect(screen.queryByText(/replaced the copy/)).not.toBeInTheDocument();
      expect(screen.getByRole('textbox', { name: 'Issue 2' })).toHaveValue('A private worry');
      expect(screen.getByRole('checkbox', { name: 'Bring to the session: issue 1' })).toBeChecked();
      expect(screen.getByRole('checkbox', { name: 'Bring to the session: issue 2' })).not.toBeChecked();
      expect(within(screen.getByRole('region', { name: 'Case 1: Baby M' })).getByRole('textbox', { name: 'Experience: your notes' })).toHaveValue(
        'Home visit, house cold',
      );

      const rows = await other.db.preparations.toArray();
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row?.personId).toBe((await other.repositories.people.list())[0]?.id);
      expect(row?.status).toBe('draft');
      expect({ ...row?.content, updatedAt: 'x' }).toEqual({ ...original, updatedAt: 'x' });
    } finally {
      cleanup();
      other.db.close();
      await other.db.delete();
    }
  });
});

describe('Importing a preparation', () => {
  it('a wrong passphrase says so and creates nothing', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    await openPrepareHome(harness());
    await importText(user, await fileFor(writtenElsewhere()), 'not the passphrase');

    expect(await summaryMessages()).toEqual([transferMessages['wrong-passphrase-or-changed']]);
    expect(screen.getByLabelText('Passphrase')).toHaveAccessibleDescription(`Error: ${transferMessages['wrong-passphrase-or-changed']}`);
    expect(await harness().db.preparations.count()).toBe(0);
    expect(window.location.hash).toBe('#/prepare');
  });

  it('a damaged file says so and creates nothing', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    await openPrepareHome(harness());
    const file = await fileFor(writtenElsewhere());
    await importText(user, file.slice(0, Math.floor(file.length / 2)));

    expect(await summaryMessages()).toEqual([transferMessages['damaged-file']]);
    expect(screen.getByLabelText('Preparation file')).toHaveAccessibleDescription(`A file ending in .sspf Error: ${transferMessages['damaged-file']}`);
    expect(await harness().db.preparations.count()).toBe(0);
  });

  it('a file that is not a preparation, or is too large, is refused before anything is created', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    await openPrepareHome(harness());
    await importText(user, '{"hello":"world"}');
    expect(await summaryMessages()).toEqual([transferMessages['not-this-kind-of-file']]);

    await importText(user, 'x'.repeat(MAX_FILE_BYTES + 1), '');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(transferMessages['file-too-large']));
    expect(await harness().db.preparations.count()).toBe(0);
  });

  it('asks for the file and the passphrase when either is missing', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    await openPrepareHome(harness());
    await user.click(screen.getByRole('button', { name: 'Import the preparation' }));
    expect(await summaryMessages()).toEqual(['Choose the preparation file', 'Enter the passphrase']);
    expect(await harness().db.preparations.count()).toBe(0);
  });

  it('the same preparation imported again replaces it, and says so', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    await openPrepareHome(harness());
    await importText(user, await fileFor(writtenElsewhere()));
    await screen.findByRole('heading', { level: 1, name: 'Preparation for the session of 22 November 2026' });
    expect(screen.queryByText(/replaced the copy/)).not.toBeInTheDocument();

    cleanup();
    await openPrepareHome(harness());
    const newer = writtenElsewhere({ issues: [{ id: 'issue-laptop-03', text: 'Written later', bring: true }] });
    await importText(user, await fileFor(newer));
    await screen.findByRole('heading', { level: 1, name: 'Preparation for the session of 22 November 2026' });
    expect(screen.getByText('It replaced the copy of this preparation that was already on this device.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Issue 1' })).toHaveValue('Written later');

    const rows = await harness().db.preparations.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.content.issues.map((i) => i.text)).toEqual(['Written later']);
  });

  it('a file naming someone else is still imported for the chosen person, with a notice naming both', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    await openPrepareHome(harness());
    await importText(user, await fileFor(writtenElsewhere({ supervisee: { name: 'Priya Shah', role: 'School Nurse' } })));
    await screen.findByRole('heading', { level: 1, name: 'Preparation for the session of 22 November 2026' });
    expect(
      screen.getByText('The file names this preparation as Priya Shah’s, and it was imported for Val Visitor. Check that it is theirs; if not, delete it.'),
    ).toBeInTheDocument();
    const rows = await harness().db.preparations.toArray();
    expect(rows.map((r) => r.personId)).toEqual([personId]);
  });
});
