// The baseline for the start-up benchmark: the least a Vite + React page can be — one button
// that, when touched, shows the next screen. Nothing else loads.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Bare() {
  const [started, setStarted] = useState(false);
  return started ? (
    <main data-testid="screen-home">
      <h1>Та юу хийх вэ?</h1>
    </main>
  ) : (
    <main data-testid="screen-attract">
      <button type="button" data-testid="start-mn" onClick={() => setStarted(true)}>
        Монгол
      </button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Bare />
  </StrictMode>,
);
