import type { SignedContentPage } from '../../src-shared/protocol.js';
import { applyContentPage, applyDeferredContent, contentCursor, type AppliedChange } from '../data/content-repo.js';
import type { TsonkhDb } from '../data/db.js';
import { verifySignedPage, type PinnedContentKeys } from './verify-page.js';

/** Where signed pages come from: the server (through the host) or a technician's USB bundle. */
export type PageSource = (after: number) => Promise<{ signed: SignedContentPage; bytes: number } | null>;

export interface ContentProgress {
  /** Changes applied in this run. */
  items: number;
  /** Changes this run needs in all, when the server said how far it has got. */
  totalItems: number | null;
  /** JSON bytes received in this run. */
  bytes: number;
}

/**
 * Pulls pages after the stored cursor until the source has no more, verifying each page
 * (signature, cursor) before applying it. Both the network sync and the USB import run this,
 * so a bundle is checked exactly like a sync. Stops at the first refused page: nothing of it
 * is written and the cursor stays, so the next run asks for the same page again. First applies
 * what an older build of this kiosk kept aside and now knows how to show.
 */
export async function pullContent(
  db: TsonkhDb,
  source: PageSource,
  publicKey: PinnedContentKeys,
  onPage: (applied: AppliedChange[], progress: ContentProgress) => void,
): Promise<ContentProgress> {
  const start = await contentCursor(db);
  const progress: ContentProgress = { items: 0, totalItems: null, bytes: 0 };
  const revived = await applyDeferredContent(db);
  if (revived.length > 0) onPage(revived, { ...progress });
  let cursor = start;
  for (;;) {
    const got = await source(cursor);
    if (!got) return progress;
    const page = await verifySignedPage(got.signed, publicKey, cursor);
    const applied = await applyContentPage(db, page);
    cursor = page.next;
    progress.items += applied.length;
    progress.bytes += got.bytes;
    if (page.latest !== undefined) progress.totalItems = Math.max(page.latest - start, progress.items);
    onPage(applied, { ...progress });
    if (!page.more || page.changes.length === 0) return progress;
  }
}
