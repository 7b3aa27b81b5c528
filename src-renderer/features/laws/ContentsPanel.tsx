import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A law's contents as a whole screen over the law, not a small box scrolled on its own: it opens
 * in view wherever the page was scrolled (in library mode too), its entries are large and the
 * page shows as many as fit (two columns on a wide screen), and "Close" sits at its top.
 */
export function ContentsPanel({
  id,
  testId,
  onClose,
  children,
}: {
  id: string;
  testId?: string;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <nav id={id} className="law-toc" aria-labelledby={`${id}-heading`} data-testid={testId}>
      <div className="law-toc-head">
        <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
          {t('laws.contents')}
        </h2>
        <button type="button" className="secondary-button" onClick={onClose} data-testid={`${id}-close`}>
          {t('laws.contentsClose')}
        </button>
      </div>
      <div className="law-toc-body">{children}</div>
    </nav>
  );
}
