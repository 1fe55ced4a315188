import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChildSummary } from '../../client/components/ChildSummary.tsx';
import { findTemplate } from '../../machines/templates/index.ts';
import { childRecordSummary } from '../../machines/record/childSummary.ts';
import type { ChildRecordExtra } from '../../machines/record/childRecordChoices.ts';
import { realisticContent } from '../records/fixtures.ts';

const derby = findTemplate('derby-derbyshire-appendix-3');
if (!derby) throw new Error('No Derby template');
const content = realisticContent(derby, {
  cases: realisticContent(derby).cases.map((c) =>
    c.id === 'case-baby-t-01' ? { ...c, stages: { ...c.stages, reflection: { notes: 'Jay Smith was upset too.' } } } : c,
  ),
});
// The reflection (which mentions another child) is chosen for this entry, so something is withheld.
const baby = childRecordSummary(derby, content, 'case-baby-t-01', { include: ['reflection'] });
const system = derby.childRecord.system;

function stubClipboard(writeText: (text: string) => Promise<void>) {
  const spy = vi.fn(writeText);
  Object.defineProperty(window.navigator, 'clipboard', { value: { writeText: spy }, configurable: true });
  return spy;
}

afterEach(() => {
  Reflect.deleteProperty(window.navigator, 'clipboard');
  vi.restoreAllMocks();
});

describe('ChildSummary', () => {
  it('prints the entry on its own: marked for print with its whole text set out until the print is over', () => {
    let during: { printing: string | undefined; marked: boolean; text: string | null } | null = null;
    const print = vi.spyOn(window, 'print').mockImplementation(() => {
      const section = screen.getByRole('region', { name: 'Entry for Baby T' });
      during = { printing: document.documentElement.dataset['printing'], marked: section.classList.contains('app-print-target'), text: section.querySelector('.app-child-summary__print')?.textContent ?? null };
    });
    render(<ChildSummary summary={baby} templateSystem={system} />);
    fireEvent.click(screen.getByRole('button', { name: 'Print this entry' }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(during).toEqual({ printing: 'part', marked: true, text: baby.text });
    fireEvent(window, new Event('afterprint'));
    expect(document.documentElement.dataset['printing']).toBeUndefined();
    const section = screen.getByRole('region', { name: 'Entry for Baby T' });
    expect(section).not.toHaveClass('app-print-target');
    expect(section.querySelector('.app-child-summary__print')).toBeNull();
  });

  it('shows the entry read-only under a visible label', () => {
    render(<ChildSummary summary={baby} templateSystem={system} />);
    expect(screen.getByRole('heading', { level: 3, name: 'Entry for Baby T' })).toBeInTheDocument();
    const box = screen.getByRole('textbox', { name: `Entry to copy into ${system}` });
    expect(box).toHaveValue(baby.text);
    expect(box).toHaveAttribute('readonly');
  });

  it('lists the withheld names of other children as a warning', () => {
    expect(baby.withheld).toEqual(['Jay Smith']);
    render(<ChildSummary summary={baby} templateSystem={system} />);
    const list = screen.getByRole('list', { name: 'Names of other children were withheld' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Jay Smith']);
  });

  it('shows no warning when nothing was withheld', () => {
    render(<ChildSummary summary={{ ...baby, withheld: [] }} templateSystem={system} />);
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.queryByText('Names of other children were withheld')).toBeNull();
  });

  it('copies the entry to the clipboard and says so', async () => {
    const writeText = stubClipboard(async () => {});
    const onCopy = vi.fn();
    render(<ChildSummary summary={baby} templateSystem={system} onCopy={onCopy} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy to clipboard' }));
    expect(await screen.findByText('Copied')).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(baby.text);
    expect(onCopy).toHaveBeenCalledWith({ ok: true });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says clearly when the clipboard is refused', async () => {
    stubClipboard(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    const onCopy = vi.fn();
    render(<ChildSummary summary={baby} templateSystem={system} onCopy={onCopy} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy to clipboard' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The entry could not be copied to the clipboard');
    expect(alert).toHaveTextContent('Write permission denied.');
    expect(alert).toHaveTextContent('Select the text in the box and copy it yourself');
    expect(screen.queryByText('Copied')).toBeNull();
    expect(onCopy).toHaveBeenCalledWith({ ok: false, message: expect.stringContaining('Write permission denied.') });
  });

  it('says clearly when the browser has no clipboard', async () => {
    render(<ChildSummary summary={baby} templateSystem={system} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy to clipboard' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('this browser does not allow copying from this page');
  });

  describe('download', () => {
    const originalCreate = URL.createObjectURL;
    const originalRevoke = URL.revokeObjectURL;
    beforeEach(() => {
      URL.createObjectURL = vi.fn(() => 'blob:summary-1');
      URL.revokeObjectURL = vi.fn();
    });
    afterEach(() => {
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
    });

    it('downloads the entry as a text file named by the supervision date and child', async () => {
      const clicked: HTMLAnchorElement[] = [];
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicked.push(this);
        expect(document.body.contains(this)).toBe(true);
      });
      render(<ChildSummary summary={baby} templateSystem={system} />);
      fireEvent.click(screen.getByRole('button', { name: 'Download as text' }));

      expect(clicked).toHaveLength(1);
      const link = clicked[0];
      expect(link?.download).toMatch(/^supervision-2031-03-07-child-record-entry-[a-z0-9]+\.txt$/);
      expect(link?.getAttribute('href')).toBe('blob:summary-1');
      expect(link && document.body.contains(link)).toBe(false);
      const blob = vi.mocked(URL.createObjectURL).mock.calls[0]?.[0];
      expect(blob).toBeInstanceOf(Blob);
      expect(await (blob as Blob).text()).toBe(baby.text);
      await waitFor(() => expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:summary-1'));
    });

    it('says when the file could not be made', () => {
      URL.createObjectURL = vi.fn(() => {
        throw new Error('Blob URLs are blocked');
      });
      render(<ChildSummary summary={baby} templateSystem={system} />);
      fireEvent.click(screen.getByRole('button', { name: 'Download as text' }));
      expect(screen.getByRole('alert')).toHaveTextContent('The file could not be made (Blob URLs are blocked)');
    });
  });
});

describe('ChildSummary: what the entry includes', () => {
  const REFLECTION = 'I felt anxious and unwelcome, and left sooner than I meant to';
  const tester = realisticContent(derby, {
    cases: realisticContent(derby).cases.map((c) => (c.id === 'case-baby-t-01' ? { ...c, stages: { ...c.stages, reflection: { notes: REFLECTION } } } : c)),
  });
  const reflectionBox = 'Include the discussion of what it was like (reflection)';
  const experienceBox = 'Include the account of what happened (experience)';
  const warningTitle = 'The child’s record can be disclosed to the family';

  /** The entry as the record screen gives it: built again with each choice. */
  function Chooser({ onChange }: { onChange?: (chosen: ChildRecordExtra[]) => void }) {
    const [chosen, setChosen] = useState<ChildRecordExtra[]>([]);
    return (
      <ChildSummary
        summary={childRecordSummary(derby!, tester, 'case-baby-t-01', { include: chosen })}
        templateSystem={system}
        choice={{
          chosen,
          onChange: (next) => {
            setChosen(next);
            onChange?.(next);
          },
        }}
      />
    );
  }

  const entryText = () => (screen.getByRole('textbox', { name: `Entry to copy into ${system}` }) as HTMLTextAreaElement).value;

  it('offers no choice where none is given (the group’s presenter summaries)', () => {
    render(<ChildSummary summary={baby} templateSystem={system} />);
    expect(screen.queryByRole('group', { name: 'What this entry includes' })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('leaves the reflection out by default; choosing it brings it in and shows the disclosure warning, and unchoosing takes both away', () => {
    const onChange = vi.fn();
    render(<Chooser onChange={onChange} />);
    const group = screen.getByRole('group', { name: 'What this entry includes' });
    expect(group).toHaveAccessibleDescription(/stays in the supervision record unless you add it here/);
    expect(within(group).getByRole('checkbox', { name: reflectionBox })).not.toBeChecked();
    expect(within(group).getByRole('checkbox', { name: experienceBox })).not.toBeChecked();
    expect(entryText()).not.toContain('anxious');
    expect(screen.queryByText(warningTitle)).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: reflectionBox }));
    expect(onChange).toHaveBeenLastCalledWith(['reflection']);
    expect(screen.getByRole('checkbox', { name: reflectionBox })).toBeChecked();
    expect(entryText()).toContain(`Reflection: ${REFLECTION}.`);
    expect(screen.getByRole('heading', { level: 4, name: new RegExp(`^Important:\\s*${warningTitle}$`) })).toBeInTheDocument();
    expect(screen.getByText(/What is copied into the child's health record can be read by the child and their family/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('checkbox', { name: experienceBox }));
    expect(onChange).toHaveBeenLastCalledWith(['experience', 'reflection']);
    expect(entryText()).toContain('Experience: Home visit: bruising noted on Baby T.');

    fireEvent.click(screen.getByRole('checkbox', { name: reflectionBox }));
    fireEvent.click(screen.getByRole('checkbox', { name: experienceBox }));
    expect(onChange).toHaveBeenLastCalledWith([]);
    expect(entryText()).not.toContain('anxious');
    expect(entryText()).not.toContain('Experience:');
    expect(screen.queryByText(warningTitle)).toBeNull();
  });

  it('copies and downloads the entry as chosen', async () => {
    const writeText = stubClipboard(async () => {});
    const originalCreate = URL.createObjectURL;
    URL.createObjectURL = vi.fn(() => 'blob:summary-2');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    try {
      render(<Chooser />);
      fireEvent.click(screen.getByRole('button', { name: 'Copy to clipboard' }));
      await screen.findByText('Copied');
      expect(writeText).toHaveBeenLastCalledWith(expect.not.stringContaining('anxious'));

      fireEvent.click(screen.getByRole('checkbox', { name: reflectionBox }));
      fireEvent.click(screen.getByRole('button', { name: 'Copy to clipboard' }));
      await waitFor(() => expect(writeText).toHaveBeenCalledTimes(2));
      expect(writeText).toHaveBeenLastCalledWith(entryText());
      expect(entryText()).toContain(REFLECTION);

      fireEvent.click(screen.getByRole('button', { name: 'Download as text' }));
      const blob = vi.mocked(URL.createObjectURL).mock.calls[0]?.[0] as Blob;
      expect(await blob.text()).toBe(entryText());
    } finally {
      URL.createObjectURL = originalCreate;
    }
  });

  it('says when a choice could not be kept', () => {
    render(<ChildSummary summary={baby} templateSystem={system} choice={{ chosen: [], onChange: () => {}, error: 'The choice could not be kept (disk full). The entry shows what it includes now.' }} />);
    const group = screen.getByRole('group', { name: 'What this entry includes' });
    expect(group).toHaveAccessibleDescription(/The choice could not be kept \(disk full\)/);
  });
});
