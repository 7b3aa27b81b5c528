import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PUBLICATION_ZIP_LIMITS, publishRequestSchema } from '../../src-shared/console/publish-api.js';
import {
  getPublication,
  listPublications,
  previewRepublish,
  previewUpload,
  PublicationError,
  publishPreview,
  type PreviewOutcome,
  type PublicationContext,
} from '../content/publications.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/** The types a browser may give a `.zip` file (Windows says `x-zip-compressed`). */
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
const MAX_MB = Math.round(PUBLICATION_ZIP_LIMITS.maxZipBytes / (1024 * 1024));

export const previewQuerySchema = z.strictObject({ name: z.string().trim().min(1).max(200).optional() });
export const publicationIdParamsSchema = z.strictObject({
  id: z.coerce.number().int('a publication id is a whole number').positive().max(2_147_483_647),
});

/**
 * Publishing from the console (contract and status codes: src-shared/console/publish-api.ts):
 * `POST /publications/preview` (a zip body), `POST /publications/:id/republish`,
 * `POST /publications`, `GET /publications`, `GET /publications/:id`. Roles in policy.ts.
 */
export function registerConsolePublicationRoutes(app: FastifyInstance, deps: { db: Database; now: () => Date }): void {
  const context = (request: FastifyRequest): PublicationContext => {
    const session = requireConsoleSession(request);
    return { actor: { id: session.operator.id, login: session.operator.login }, ip: request.ip, now: deps.now() };
  };
  const sendPreview = (reply: FastifyReply, outcome: PreviewOutcome) => {
    reply.header('cache-control', 'no-store');
    if (outcome.ok) return reply.send(outcome.preview);
    const n = outcome.problems.length;
    return reply.code(422).send({
      error: { code: 'content_invalid', message: `Nothing can be published: ${n} problem${n === 1 ? '' : 's'}` },
      problems: outcome.problems,
    });
  };
  const refused = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof PublicationError)) throw err;
    if (err.problems.length > 0) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message }, problems: err.problems });
    }
    return sendError(reply, err.status, err.code, err.message);
  };

  void app.register(async (zipScope) => {
    zipScope.addContentTypeParser(
      ZIP_TYPES,
      { parseAs: 'buffer', bodyLimit: PUBLICATION_ZIP_LIMITS.maxZipBytes },
      (_request, body, done) => done(null, body),
    );
    zipScope.post(
      '/publications/preview',
      {
        bodyLimit: PUBLICATION_ZIP_LIMITS.maxZipBytes,
        // After the console guard: say "too big" in words before the body is read at all.
        onRequest: async (request, reply) => {
          const length = Number(request.headers['content-length'] ?? 0);
          if (length > PUBLICATION_ZIP_LIMITS.maxZipBytes) {
            return sendError(reply, 413, 'zip_too_large', `The zip is larger than ${MAX_MB} MB, the most accepted`);
          }
          return undefined;
        },
      },
      async (request, reply) => {
        const query = previewQuerySchema.safeParse(request.query);
        if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
        if (!Buffer.isBuffer(request.body)) {
          return sendError(
            reply,
            415,
            'unsupported_media_type',
            'Send the zip file itself as the body, with Content-Type: application/zip',
          );
        }
        if (request.body.length === 0)
          return sendError(reply, 400, 'invalid_request', 'The body is empty: send the zip');
        try {
          const outcome = await previewUpload(deps.db, request.body, query.data.name ?? null, context(request));
          request.log.info({ ok: outcome.ok, bytes: request.body.length }, 'content zip previewed');
          return sendPreview(reply, outcome);
        } catch (err) {
          return refused(reply, err);
        }
      },
    );
  });

  app.post('/publications/:id/republish', async (request, reply) => {
    const params = publicationIdParamsSchema.safeParse(request.params);
    if (!params.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(params.error));
    try {
      return sendPreview(reply, await previewRepublish(deps.db, params.data.id, context(request)));
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.post('/publications', async (request, reply) => {
    const body = publishRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
    try {
      const publication = await publishPreview(deps.db, body.data, context(request));
      request.log.info({ publication: publication.id, counts: publication.counts }, 'content published');
      return reply.code(201).send(publication);
    } catch (err) {
      return refused(reply, err);
    }
  });

  app.get('/publications', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.send({ publications: await listPublications(deps.db) });
  });

  app.get('/publications/:id', async (request, reply) => {
    const params = publicationIdParamsSchema.safeParse(request.params);
    if (!params.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(params.error));
    const publication = await getPublication(deps.db, params.data.id);
    if (!publication) return sendError(reply, 404, 'unknown_publication', `There is no publication ${params.data.id}`);
    reply.header('cache-control', 'no-store');
    return reply.send(publication);
  });
}
