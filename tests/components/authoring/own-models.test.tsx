/**
 * Your own reflective models are offered at the start of a case (issue 19): read after unlock and
 * again when one is saved (OwnModels, rendered by the shell), registered with the client's model
 * list; a model that will not register is said, never silently left out.
 */
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import gibbsFile from '../../../machines/models/gibbs.model.json' with { type: 'json' };
import { $ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { OwnModels } from '../../../client/features/authoring/OwnModels.tsx';
import { choosableModels, clearRegisteredModels } from '../../../client/content/models.ts';
import { useHarness } from '../session/harness.tsx';

const harness = useHarness('own-models');
const gibbs = $ReflectiveModelV1.parse(gibbsFile);
afterEach(() => clearRegisteredModels());

describe('own reflective models', () => {
  it('are offered with the shipped ones once saved, including one saved while the app is open', async () => {
    const authoring = await harness().repositories.authoring();
    const first = await authoring.models.save({ ...gibbs, id: 'riverside-reflection', title: 'Riverside reflection' }, { draftRowId: null, basedOn: null });
    expect(first.ok).toBe(true);
    render(<OwnModels repositories={harness().repositories} />);
    await waitFor(() => expect(choosableModels().map((m) => m.id)).toContain('riverside-reflection'));
    expect(choosableModels().map((m) => m.id)).toEqual(expect.arrayContaining(['4x4x4', 'gibbs', 'kolb']));

    const second = await authoring.models.save({ ...gibbs, id: 'riverside-huddle', title: 'Riverside huddle' }, { draftRowId: null, basedOn: null });
    expect(second.ok).toBe(true);
    await waitFor(() => expect(choosableModels().map((m) => m.id)).toContain('riverside-huddle'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
