import { useI18n } from '../i18n/i18n.js';
import { PageHeading } from '../ui/PageHeading.js';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t('notFound.heading')}>{t('notFound.heading')}</PageHeading>
      <p>{t('notFound.body')}</p>
    </>
  );
}
