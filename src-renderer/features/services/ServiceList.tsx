import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { useKiosk } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { useLiveQuery } from '../../data/use-live-query.js';

export function ServiceList({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  const { db, lang, search } = useKiosk();
  const [query, setQuery] = useState('');
  const hits = query.trim() ? new Set(search.search(query, { kind: 'service' }).map((h) => h.ref)) : null;
  const categories = useLiveQuery(() => db.categories.orderBy('order').toArray(), [db], []);
  const services = useLiveQuery(() => db.services.toArray(), [db], []);
  const collator = new Intl.Collator(lang === 'en' ? 'en' : lang);
  const groups = [
    ...categories.map((c) => ({ id: c.id, title: pickText(c.title, lang) })),
    { id: '', title: t('services.otherCategory') },
  ]
    .map((g) => ({
      ...g,
      services: services
        .filter((s) => !hits || hits.has(s.id))
        .filter((s) => (g.id === '' ? !categories.some((c) => c.id === s.category) : s.category === g.id))
        .sort((a, b) => collator.compare(pickText(a.title, lang), pickText(b.title, lang))),
    }))
    .filter((g) => g.services.length > 0);

  return (
    <main className="screen" data-testid="screen-services">
      <div className="screen-actions">
        <button
          type="button"
          className="secondary-button"
          onClick={() => nav.go({ name: 'track' })}
          data-testid="open-track"
        >
          {t('track.open')}
        </button>
      </div>
      <h1>{t('services.heading')}</h1>
      <p className="lead">{services.length === 0 ? t('services.empty') : t('services.intro')}</p>
      <div className="search-box" role="search">
        <input
          type="search"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="service-search"
        />
      </div>
      {hits && groups.length === 0 && <p className="note">{t('search.none', { query })}</p>}
      {groups.map((g) => (
        <section key={g.id || 'other'} className="category">
          <h2>{g.title}</h2>
          <ul className="tile-list">
            {g.services.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="tile"
                  onClick={() => nav.go({ name: 'service', serviceId: s.id })}
                  data-testid={`service-${s.id}`}
                >
                  {pickText(s.title, lang)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
