import { emitAppEvent } from '../platform/app-events.js';

/**
 * What one visitor may have left behind outside React state: web storage, the clipboard, any
 * runtime Cache Storage entry (the app shell's own precache is kept: it holds no answers), the
 * text selection and focus. React state goes with the visit's tree; drafts never touch IndexedDB.
 */
export async function wipeVisitTraces(): Promise<void> {
  const failed: string[] = [];
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    failed.push('storage');
  }
  try {
    window.getSelection()?.removeAllRanges();
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  } catch {
    failed.push('selection');
  }
  try {
    if ('caches' in window) {
      for (const name of await caches.keys()) if (!name.includes('precache')) await caches.delete(name);
    }
  } catch {
    failed.push('caches');
  }
  await clearClipboard().catch(() => failed.push('clipboard'));
  emitAppEvent('visit-wiped', failed.length ? { failed: failed.join(',') } : undefined);
}

/**
 * Overwrites the clipboard. The async API needs focus and permission, which a kiosk window
 * has; the `copy` event fallback works in any focused page without either.
 */
async function clearClipboard(): Promise<void> {
  try {
    await navigator.clipboard.writeText('');
    return;
  } catch {
    // fall through to the copy-event route
  }
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  try {
    document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
}
