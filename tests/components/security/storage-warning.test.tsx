// The space warning on the start and Security pages (issue 17, point 5): the real watch, fed by a
// storage estimate as the browser gives it.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createStorageWatch } from '../../../client/db/storageFaults.ts';
import { StorageWarning } from '../../../client/features/security/StorageWarning.tsx';

const estimateOf = (usage: number, quota: number) => ({ estimate: async () => ({ usage, quota }) });

describe('StorageWarning', () => {
  it('says nothing while a tenth or more of the allowance is left', async () => {
    const watch = createStorageWatch({ storage: estimateOf(89, 100) });
    const { container } = render(<StorageWarning watch={watch} />);
    await watch.check(true);
    expect(container).toBeEmptyDOMElement();
  });

  it('warns when less than a tenth is left, with how much and the way to a backup', async () => {
    const watch = createStorageWatch({ storage: estimateOf(96, 100) });
    render(<StorageWarning watch={watch} />);
    expect(await screen.findByRole('heading', { name: /Storage on this device is running low/ })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Only 4% of the space this browser allows the app is left.');
    expect(screen.getByRole('link', { name: 'Make a backup on the Security page' })).toHaveAttribute('href', '#/security');
  });

  it('says storage is full once a write was refused for space, on the Security page without a link to itself', async () => {
    const watch = createStorageWatch({ storage: undefined });
    render(<StorageWarning watch={watch} backupHref={null} />);
    watch.full();
    expect(await screen.findByRole('heading', { name: /Storage on this device is full/ })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('new changes cannot be saved');
    expect(screen.queryByRole('link')).toBeNull();
  });
});
