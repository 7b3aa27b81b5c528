import type { ContentType } from '../../src-shared/protocol.js';
import { contentEntitySchemas } from '../../src-shared/schemas/content-entities.js';

/** The schema each content type must pass before it is published; kiosks check the same ones. */
export const entitySchemas = contentEntitySchemas;

/**
 * Every content type a content folder holds, in publishing order: what others point at comes first (a service names
 * its category and form; a law lists its articles). Withdrawals go in the reverse order.
 */
export const CONTENT_TYPE_ORDER: readonly ContentType[] = [
  'category',
  'form',
  'service',
  'petition-category',
  'place',
  'law',
  'law-article',
];

/** Whether a content folder publishes (and so may withdraw) entities of this type. */
export function isFolderContentType(type: string): type is ContentType {
  return (CONTENT_TYPE_ORDER as readonly string[]).includes(type);
}
