import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { useKiosk, useLang, useShell } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { useCategories, useServices } from '../../data/hooks.js';
import { CategoryIcon } from './category-icons.js';
import './reach.css';

/**
 * Public services: first a grid of categories (big tiles with a picture), then the services of
 * the chosen one; or, as soon as the citizen types in the search box, matches from every
 * category. Names are sorted as a reader of the chosen language expects (`Intl.Collator`).
 */
export function ServiceList({ nav, categoryId }: { nav: Navigation; categoryId: string | undefined }) {
  const { t } = useTranslation();
  const { search } = useKiosk();
  const { info } = useShell();
  const lang = useLang();
  const library = info.presentation === 'library';
  const [query, setQuery] = useState('');
  const categories = useCategories();
  const services = useServices();
  const collator = new Intl.Collator(lang);
  const byTitle = <T extends { title: Parameters<typeof pickText>[0] }>(a: T, b: T) =>
    collator.compare(pickText(a.title, lang), pickText(b.title, lang));
  const searching = query.trim() !== '';
  const hits = searching ? new Set(search.search(query, { kind: 'service' }).map((h) => h.ref)) : null;
  const category = categories.find((c) => c.id === categoryId);
  const known = new Set(categories.map((c) => c.id));
  const shown = services
    .filter((s) => (hits ? hits.has(s.id) : categoryId === '' ? !known.has(s.category) : s.category === categoryId))
    .sort(byTitle);
  const uncategorised = services.some((s) => !known.has(s.category));

  const heading = searching ? t('services.results') : category ? pickText(category.title, lang) : t('services.heading');
  return (
    <main className="screen" data-testid="screen-services">
      <h1>{categoryId === '' && !searching ? t('services.otherCategory') : heading}</h1>
      <p className="lead">{services.length === 0 ? t('services.empty') : t('services.intro')}</p>
      <div className="search-box" role="search">
        <label htmlFor="service-search" className="field-label">
          {t('search.label')}
        </label>
        <input
          id="service-search"
          type="search"
          placeholder={t('search.placeholder')}
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="service-search"
        />
      </div>
      {(searching || categoryId !== undefined) && !library && shown.some((s) => s.formId) && (
        <p className="note service-reach-legend" data-testid="service-reach-legend">
          {t('services.hereLegend')}
        </p>
      )}
      {searching && shown.length === 0 && (
        <p className="note" role="status">
          {t('search.none', { query })}
        </p>
      )}
      {!searching && categoryId === undefined ? (
        <ul className="category-grid">
          {categories.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="tile category-tile"
                onClick={() => nav.go({ name: 'services', categoryId: c.id })}
                data-testid={`category-${c.id}`}
              >
                <CategoryIcon name={c.icon} />
                <span className="tile-title">{pickText(c.title, lang)}</span>
                <span className="tile-text">
                  {t('services.count', { count: services.filter((s) => s.category === c.id).length })}
                </span>
              </button>
            </li>
          ))}
          {uncategorised && (
            <li>
              <button
                type="button"
                className="tile category-tile"
                onClick={() => nav.go({ name: 'services', categoryId: '' })}
                data-testid="category-other"
              >
                <CategoryIcon name="other" />
                <span className="tile-title">{t('services.otherCategory')}</span>
              </button>
            </li>
          )}
        </ul>
      ) : (
        <ul className="tile-list">
          {shown.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="tile service-tile"
                onClick={() => nav.go({ name: 'service', serviceId: s.id })}
                data-testid={`service-${s.id}`}
                data-reach={s.formId ? 'here' : 'elsewhere'}
              >
                <span className="service-tile-title">{pickText(s.title, lang)}</span>
                <ReachBadge here={s.formId !== undefined} library={library} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

/**
 * Whether a service can be requested at this machine (it has a form) or is done in person
 * elsewhere; a library screen takes no requests, so there it says a Public Service Machine can.
 */
function ReachBadge({ here, library }: { here: boolean; library: boolean }) {
  const { t } = useTranslation();
  const key = !here ? 'services.elsewhereBadge' : library ? 'services.machineBadge' : 'services.hereBadge';
  return (
    <span className={here ? 'reach-badge reach-here' : 'reach-badge reach-elsewhere'} data-testid="reach-badge">
      {t(key)}
    </span>
  );
}
