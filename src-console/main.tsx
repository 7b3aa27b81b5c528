import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { I18nProvider } from './i18n/i18n.js';
import './fonts.css';
import './styles.css';

/** The operator console: served by the central server under /console/, talking only to /console/api. */
try {
  if (localStorage.getItem('tsonkh-console-language') === 'en') document.documentElement.lang = 'en';
} catch {
  // no storage: Mongolian
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
