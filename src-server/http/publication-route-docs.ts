import {
  publicationDetailSchema,
  publicationListSchema,
  publicationPreviewSchema,
  publishRequestSchema,
  publicationSchema,
} from '../../src-shared/console/publish-api.js';
import { previewQuerySchema, publicationIdParamsSchema } from '../routes/console-publications.js';

/**
 * The publishing routes for the OpenAPI document (the shape of `RouteDoc` in the API docs module:
 * spread into its `API_ROUTE_DOCS`). Schemas are the ones the routes validate with; the preview's
 * body is the zip itself (`application/zip`), so it has no JSON body schema here.
 */
export const PUBLICATION_ROUTE_DOCS = {
  'POST /console/api/publications/preview': {
    summary: 'Check a content-folder zip like npm run publish and preview what publishing it would change',
    description:
      'Body: the zip itself (Content-Type application/zip, at most 16 MB). 200 a preview (added, changed, ' +
      'withdrawn entities with a line diff); 422 `{ error, problems }` naming every problem by file and line; ' +
      '400 `zip_refused` for a zip that is not one, too large inflated, with too many entries, paths leaving ' +
      'the folder, symlinks or encrypted entries; 413 over 16 MB; 415 not a zip body. Publisher, administrator.',
    tag: 'console' as const,
    security: 'session+csrf' as const,
    query: previewQuerySchema,
    response: publicationPreviewSchema,
    errors: [400, 401, 403, 413, 415, 422] as const,
  },
  'POST /console/api/publications/:id/republish': {
    summary: 'Preview putting a past publication back as it was (publisher, administrator)',
    tag: 'console' as const,
    security: 'session+csrf' as const,
    params: publicationIdParamsSchema,
    response: publicationPreviewSchema,
    errors: [400, 401, 403, 404, 422] as const,
  },
  'POST /console/api/publications': {
    summary: 'Publish exactly a preview, with a change note; audited (publisher, administrator)',
    description:
      '409 `hash_mismatch`, `preview_stale` (the published content changed since the preview) or ' +
      '`nothing_to_publish`; 404 `unknown_preview` (unknown, expired or already published).',
    tag: 'console' as const,
    security: 'session+csrf' as const,
    body: publishRequestSchema,
    response: publicationSchema,
    status: 201,
    errors: [400, 401, 403, 404, 409, 422] as const,
  },
  'GET /console/api/publications': {
    summary: 'The history of publications: who, when, note, counts (publisher, administrator, auditor)',
    tag: 'console' as const,
    security: 'session' as const,
    response: publicationListSchema,
    errors: [401, 403] as const,
  },
  'GET /console/api/publications/:id': {
    summary: 'One publication with the entities it added, changed and withdrew',
    tag: 'console' as const,
    security: 'session' as const,
    params: publicationIdParamsSchema,
    response: publicationDetailSchema,
    errors: [400, 401, 403, 404] as const,
  },
};
