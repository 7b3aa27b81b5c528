import type { PageId } from '../app/pages.js';
import { useI18n } from '../i18n/i18n.js';
import { PageHeading } from '../ui/PageHeading.js';

/** A page whose server API this build does not have yet: says so plainly. */
export function PlaceholderPage({ page }: { page: Exclude<PageId, 'audit' | 'operators'> }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t(`nav.${page}`)}>{t(`nav.${page}`)}</PageHeading>
      <p className="notice">{t(`placeholder.${page}`)}</p>
    </>
  );
}
