/**
 * The cold-start baseline (tests/bench/coldstart.ts): the smallest React 19 page with a prompt,
 * built by the same Vite and served by the same server as the app. One heading, one labelled
 * text input, rendered as the app renders (createRoot, StrictMode).
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Prompt() {
  const [value, setValue] = useState('');
  return (
    <main>
      <h1>Empty page</h1>
      <label htmlFor="empty-input">Type here</label>
      <input id="empty-input" type="text" value={value} onChange={(event) => setValue(event.target.value)} />
    </main>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
createRoot(container).render(
  <StrictMode>
    <Prompt />
  </StrictMode>,
);
