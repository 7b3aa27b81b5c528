import type { TsonkhDb } from '../data/db.js';
import { articleDoc, serviceDoc, type ContentSearch } from './content-search.js';

/** Builds the in-memory index from what is already on the kiosk, in chunks so the UI stays responsive. */
export async function loadSearchIndex(db: TsonkhDb, search: ContentSearch): Promise<void> {
  search.addAll((await db.services.toArray()).map(serviceDoc));
  const CHUNK = 2000;
  for (let offset = 0; ; offset += CHUNK) {
    const articles = await db.lawArticles.offset(offset).limit(CHUNK).toArray();
    search.addAll(articles.map(articleDoc));
    if (articles.length < CHUNK) return;
    await new Promise((r) => setTimeout(r, 0));
  }
}
