import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggedUrl } from '../../../src-server/logger.js';
import { authHeaders, createTestServer } from './helpers.js';

describe('secrets never reach the log', () => {
  it('keeps only the names of a query', () => {
    expect(loggedUrl('/api/v1/track/0421?secret=123456789012&x=1')).toBe(
      '/api/v1/track/0421?secret=[redacted]&x=[redacted]',
    );
    expect(loggedUrl('/api/v1/health')).toBe('/api/v1/health');
  });

  it('also when a client puts them in a URL query, a header or a body', async () => {
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    const server = await createTestServer({ logger: createLogger('debug', sink) });
    try {
      const secrets = ['123456789012', 'hunter2-password-value', 'query-token-0123456789abcdef'];
      await server.app.inject({ method: 'GET', url: `/api/v1/track/0421-000001-0?secret=${secrets[0]}` });
      await server.app.inject({
        method: 'POST',
        url: `/console/api/session?password=${secrets[1]}`,
        payload: { login: 'nobody', password: secrets[1] },
      });
      await server.app.inject({
        method: 'GET',
        url: `/api/v1/content/changes?token=${secrets[2]}`,
        headers: authHeaders(),
      });
      await server.app.inject({ method: 'GET', url: '/api/v1/content/changes', headers: authHeaders(secrets[2]) });
      expect(text).toContain('incoming request');
      for (const secret of secrets) expect(text).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});
