// Shared set-up for component tests under jsdom.
import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// NHS.UK frontend components only style and enhance themselves under this class.
document.body.classList.add('nhsuk-frontend-supported');

afterEach(() => {
  cleanup();
});
