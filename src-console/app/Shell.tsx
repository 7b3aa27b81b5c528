import { useEffect, useState, type ReactNode } from 'react';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { useI18n } from '../i18n/i18n.js';
import { AuditPage } from '../pages/AuditPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { OperatorsPage } from '../pages/OperatorsPage.js';
import { CasePage } from '../pages/CasePage.js';
import { CasesPage } from '../pages/CasesPage.js';
import { KiosksPage } from '../pages/KiosksPage.js';
import { PublishingPage } from '../pages/PublishingPage.js';
import { ReportPage } from '../pages/ReportPage.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import { mayUse, pagesFor, type PageId } from './pages.js';
import { Link, navigate, useLocation } from './router.js';
import { describeError, useSession } from './session.js';

/** Header (who is signed in, role, sign out), the menu of the pages this role may use, and the page. */
export function Shell() {
  const { t, lang } = useI18n();
  const { session, signOut, signOutEverywhere } = useSession();
  const { operator } = session;
  const location = useLocation();
  const pages = pagesFor(operator.role);
  const [section] = location.path.split('/');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (location.path === '' && pages[0]) navigate(pages[0], { replace: true });
  }, [location.path, pages]);

  const scope =
    operator.aimagCode !== null
      ? t('header.aimag', { aimag: AIMAGS[operator.aimagCode]?.[lang] ?? operator.aimagCode })
      : operator.agencyId !== null
        ? t('header.agency', { agency: operator.agencyId })
        : null;

  const run = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch((err: unknown) => setError(describeError(t, err)));
  };

  let page: ReactNode;
  const current = pages.find((p) => p === section);
  if (current === undefined || !mayUse(operator.role, current)) page = location.path === '' ? null : <NotFoundPage />;
  else page = pageFor(current, location.path);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <p className="brand">
          <Link to="">{t('app.title')}</Link>
        </p>
        <div className="who" data-testid="who">
          <span className="who-login">{t('header.signedInAs', { login: operator.login })}</span>
          <span className="who-role">
            {t(`roles.${operator.role}`)}
            {scope && ` · ${scope}`}
          </span>
        </div>
        <div className="top-actions">
          <LanguageSwitch />
          <button type="button" onClick={() => run(signOut)}>
            {t('header.signOut')}
          </button>
          <button type="button" onClick={() => run(signOutEverywhere)}>
            {t('header.signOutEverywhere')}
          </button>
        </div>
      </header>
      <nav className="menu" aria-label={t('nav.label')}>
        <ul>
          {pages.map((p) => (
            <li key={p}>
              <Link to={p} aria-current={p === section ? 'page' : undefined}>
                {t(`nav.${p}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {error && (
        <p className="error banner" role="alert">
          {error}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

function pageFor(page: PageId, path: string): ReactNode {
  switch (page) {
    case 'audit':
      return <AuditPage />;
    case 'operators':
      return <OperatorsPage />;
    case 'cases': {
      const id = path.split('/')[1];
      return id ? <CasePage id={id} key={id} /> : <CasesPage />;
    }
    case 'kiosks':
      return <KiosksPage />;
    case 'report':
      return <ReportPage />;
    case 'publishing':
      return <PublishingPage />;
  }
}
