/**
 * The organisation's own forms (issue 19) under jsdom with the real app, repositories
 * (fake-indexeddb, sealed) and schemas: the template editor lists every problem by field and
 * links to it, keeps the draft as it is typed and resumes it, and its preview follows the
 * draft; the agreement editor the same; a saved own template is offered where sessions start; a
 * file is imported whole or refused whole with its reasons; an id already here asks how to keep it.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/react';
import { findTemplate } from '../../../machines/templates/index.ts';
import { authoringFileText } from '../../../machines/authoring/file.ts';
import { renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('authoring');

async function openForms() {
  renderApp(harness(), '#/forms');
  await screen.findByRole('heading', { level: 1, name: 'Your organisation’s forms' });
}

async function draftRows(table: 'ownTemplates' | 'ownAgreements') {
  const authoring = await harness().repositories.authoring();
  return (await (table === 'ownTemplates' ? authoring.templates : authoring.agreements).list()).drafts;
}

describe('the template editor', () => {
  it('lists every problem by field, each linking to its field; nothing is saved', async () => {
    const user = userEvent.setup();
    await openForms();
    await user.click(screen.getByRole('button', { name: 'Make a new record template' }));
    await screen.findByRole('heading', { level: 1, name: 'Record template' });
    await user.click(screen.getByRole('button', { name: 'Save the template' }));
    const summary = await screen.findByRole('alert');
    const links = within(summary).getAllByRole('link');
    const hrefs = links.map((l) => l.getAttribute('href'));
    expect(hrefs).toEqual(expect.arrayContaining(['#tpl-title', '#tpl-id', '#tpl-organisation', '#tpl-policy', '#tpl-appendix', '#tpl-child-record']));
    // Every link names a field that is on the page.
    for (const href of hrefs) expect(document.getElementById(href!.slice(1)), href!).not.toBeNull();
    await user.click(links.find((l) => l.getAttribute('href') === '#tpl-title')!);
    expect(document.activeElement).toBe(screen.getByLabelText('Title', { selector: 'input' }));
    expect((await (await harness().repositories.authoring()).templates.list()).saved).toHaveLength(0);
  });

  it('keeps the draft as it is typed and resumes it after a reload', async () => {
    const user = userEvent.setup();
    await openForms();
    await user.click(screen.getByRole('button', { name: 'Make a new record template' }));
    await user.type(await screen.findByLabelText('Title', { selector: 'input' }), 'Riverside Supervision Record');
    await waitFor(async () => expect((await draftRows('ownTemplates'))[0]?.draft['title']).toBe('Riverside Supervision Record'));
    const hash = window.location.hash;
    cleanup();
    renderApp(harness(), hash);
    expect(await screen.findByLabelText('Title', { selector: 'input' })).toHaveValue('Riverside Supervision Record');
    expect(screen.getByRole('heading', { level: 1, name: 'Riverside Supervision Record' })).toBeInTheDocument();
  });

  it('the preview follows the draft: a heading typed shows in the record as it will print', async () => {
    const user = userEvent.setup();
    await openForms();
    const templates = screen.getByRole('region', { name: 'Record templates' });
    await user.click(within(templates).getAllByRole('button', { name: /^Copy: / }).find((b) => /Derby/.test(b.getAttribute('aria-label') ?? ''))!);
    const preview = await screen.findByRole('region', { name: 'Preview: the record as it will print' });
    const first = findTemplate('derby-derbyshire-appendix-3')!.sections[0]!.heading;
    expect(within(preview).getByRole('heading', { name: first })).toBeInTheDocument();
    const heading = screen.getByLabelText('Heading, exactly as the form words it', { selector: '#tpl-section-0-heading' });
    await user.clear(heading);
    await user.type(heading, 'Actions from last time');
    await waitFor(() => expect(within(preview).getByRole('heading', { name: 'Actions from last time' })).toBeInTheDocument());
  });

  it('a copy of a built-in template saves, moves a section by keyboard, and is offered where sessions start', async () => {
    const user = userEvent.setup();
    await openForms();
    const copyButtons = within(screen.getByRole('region', { name: 'Record templates' })).getAllByRole('button', { name: /^Copy: / });
    await user.click(copyButtons.find((b) => /Derby/.test(b.getAttribute('aria-label') ?? ''))!);
    await screen.findByRole('region', { name: 'Preview: the record as it will print' });
    // Moving "Any other business" (section 7) up, by keyboard; the focus stays with its button.
    const up = screen.getByRole('button', { name: 'Move section 7 up' });
    up.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('group', { name: /^Section 6: Any other business/ })).toBeInTheDocument());
    expect(document.activeElement?.textContent).toBe('Move section 6 up');
    await user.click(screen.getByRole('button', { name: 'Save the template' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/Saved “.*\(copy\)”, version 1\.0\.0/);
    const own = await (await harness().repositories.authoring()).templates.latest();
    expect(own).toHaveLength(1);
    expect(own[0]!.sections.map((s) => s.heading).indexOf('Any other business')).toBe(5);
    cleanup();
    renderApp(harness(), '#/start');
    expect(await screen.findByRole('radio', { name: own[0]!.title })).toBeInTheDocument();
  });
});

describe('the agreement editor', () => {
  it('lists problems by field, keeps the draft, and its preview follows it', async () => {
    const user = userEvent.setup();
    await openForms();
    await user.click(screen.getByRole('button', { name: 'Make a new agreement' }));
    await screen.findByRole('heading', { level: 1, name: 'Supervision agreement' });
    await user.click(screen.getByRole('button', { name: 'Save the agreement' }));
    const summary = await screen.findByRole('alert');
    const hrefs = within(summary).getAllByRole('link').map((l) => l.getAttribute('href'));
    expect(hrefs).toEqual(expect.arrayContaining(['#agr-title', '#agr-id', '#agr-section-0-text']));
    for (const href of hrefs) expect(document.getElementById(href!.slice(1)), href!).not.toBeNull();
    const preview = screen.getByRole('region', { name: 'Preview: the agreement as it will print' });
    const heading = screen.getByLabelText('Heading, exactly as the form words it', { selector: '#agr-section-0-heading' });
    await user.clear(heading);
    await user.type(heading, 'Why we supervise');
    await waitFor(() => expect(within(preview).getByRole('heading', { name: 'Why we supervise' })).toBeInTheDocument());
    await waitFor(async () => expect(((await draftRows('ownAgreements'))[0]?.draft['sections'] as { heading: string }[])[0]?.heading).toBe('Why we supervise'));
  });

  it('a copy of a built-in agreement saves and is offered where agreements are made', async () => {
    const user = userEvent.setup();
    await openForms();
    const agreements = screen.getByRole('region', { name: 'Supervision agreements' });
    await user.click(within(agreements).getAllByRole('button', { name: /^Copy: / })[0]!);
    await screen.findByRole('region', { name: 'Preview: the agreement as it will print' });
    await user.click(screen.getByRole('button', { name: 'Save the agreement' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/Saved “.*\(copy\)”/);
    const own = await (await harness().repositories.authoring()).agreements.latest();
    expect(own).toHaveLength(1);
    const person = await harness().repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    cleanup();
    renderApp(harness(), '#/agreements');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Whose agreement?' }), 'Val Visitor, Health Visitor');
    expect(await screen.findByRole('radio', { name: own[0]!.title })).toBeInTheDocument();
  });
});

describe('files', () => {
  it('refuses a bad file whole, with every reason, and stores nothing', async () => {
    const user = userEvent.setup();
    await openForms();
    const input = screen.getByLabelText('Choose a template, agreement or model file');
    const derby = findTemplate('derby-derbyshire-appendix-3')!;
    const broken = JSON.parse(authoringFileText({ kind: 'record-template', item: { ...derby, id: 'own-derby' } })) as { item: Record<string, unknown> };
    broken.item['title'] = '';
    (broken.item['sections'] as unknown[]).pop();
    await user.upload(input, new File([JSON.stringify(broken)], 'hand-edited.json', { type: 'application/json' }));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByText(/^title: /)).toBeInTheDocument();
    expect(within(summary).getByText('sections: The signatures section comes last')).toBeInTheDocument();
    expect(within(summary).getByText('The file was not imported. Nothing has changed.')).toBeInTheDocument();
    expect((await (await harness().repositories.authoring()).templates.list()).saved).toHaveLength(0);
  });

  it('imports a template; the same id again asks “Replace as a new version” or “Keep both”', async () => {
    const user = userEvent.setup();
    await openForms();
    const input = screen.getByLabelText('Choose a template, agreement or model file');
    const own = { ...findTemplate('derby-derbyshire-appendix-3')!, id: 'riverside-record', title: 'Riverside record' };
    const file = () => new File([authoringFileText({ kind: 'record-template', item: own })], 'riverside.json', { type: 'application/json' });
    await user.upload(input, file());
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Imported a record template “Riverside record”')).toBeInTheDocument();
    await user.upload(input, file());
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await user.click(await screen.findByRole('button', { name: 'Replace as a new version' }));
    expect(await screen.findByText('Imported a record template “Riverside record” as version 1.2.0')).toBeInTheDocument();
    await user.upload(input, file());
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await user.click(await screen.findByRole('button', { name: 'Keep both' }));
    await screen.findByText('Imported a record template “Riverside record”');
    const all = await (await harness().repositories.authoring()).templates.all();
    expect(all.map((t) => `${t.id}@${t.version}`).sort()).toEqual(['riverside-record-copy@1.1.0', 'riverside-record@1.1.0', 'riverside-record@1.2.0']);
  });
});

describe('the reflective model editor', () => {
  it('lists problems by field, keeps the draft, previews the stages, and saves a copy of a built-in model', async () => {
    const user = userEvent.setup();
    await openForms();
    await user.click(screen.getByRole('button', { name: 'Make a new reflective model' }));
    await screen.findByRole('heading', { level: 1, name: 'Reflective model' });
    await user.click(screen.getByRole('button', { name: 'Save the model' }));
    const hrefs = within(await screen.findByRole('alert')).getAllByRole('link').map((l) => l.getAttribute('href'));
    expect(hrefs).toEqual(expect.arrayContaining(['#mdl-title', '#mdl-id', '#mdl-source', '#mdl-stage-0-name']));
    for (const href of hrefs) expect(document.getElementById(href!.slice(1)), href!).not.toBeNull();

    cleanup();
    await openForms();
    const models = screen.getByRole('region', { name: 'Reflective models' });
    await user.click(within(models).getAllByRole('button', { name: /^Copy: / })[0]!);
    const preview = await screen.findByRole('region', { name: 'Preview: each case, stage by stage' });
    const name = screen.getByLabelText('Name of the stage', { selector: '#mdl-stage-0-name' });
    await user.clear(name);
    await user.type(name, 'What happened');
    await waitFor(() => expect(within(preview).getByRole('heading', { name: /^What happened — / })).toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Save the model' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/Saved “.*\(copy\)”, version 1\.0\.0/);
    const saved = await (await harness().repositories.authoring()).models.latest();
    expect(saved[0]?.stages[0]?.name).toBe('What happened');
  });
});
