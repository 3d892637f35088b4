import { as, closeDb, count, createCall, db, request, rowsOf } from './support/api';

describe('platform endpoints', () => {
  afterAll(closeDb);

  it('reports PostgreSQL and Temporal health, and a worker polling the task queue', async () => {
    const res = await request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      postgres: { ok: true },
      temporal: { ok: true },
      worker: { ok: true },
    });
    expect(res.body.worker.pollers).toBeGreaterThanOrEqual(1);
  });

  it('publishes an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const res = await request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const post = res.body.paths['/calls'].post;
    expect(post.security).toEqual([{ bearer: [] }]);
    const body = post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? res.body.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.required).toEqual(
      expect.arrayContaining(['title', 'mode', 'windowStart', 'windowEnd', 'budgetCapFen']),
    );
    expect(schema.properties.mode.enum).toEqual(['open_competition', 'challenge', 'directed', 'horse_race']);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/applications/{id}/submit',
        '/applications/{id}/formal-check',
        '/events',
        '/health',
      ]),
    );
    expect(res.body.paths['/health'].get.security).toEqual([]);
    // Commands document their 503 (no worker polling); reads do not.
    expect(post.responses['503'].description).toMatch(/worker_unavailable/);
    expect(res.body.paths['/applications/{id}/submit'].post.responses['503']).toBeDefined();
    expect(res.body.paths['/calls'].get.responses['503']).toBeUndefined();
    expect(res.body.paths['/auth/login'].post.responses['503']).toBeUndefined();
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await fetch(`${process.env.KJ_API_URL}/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await createCall(await as('officer'));
    // Every event there was, unchanged afterwards (other files add theirs meanwhile).
    const before = await rowsOf('domain_events');
    expect(before.ids.length).toBeGreaterThan(0);
    await expect(db().query(`UPDATE domain_events SET type = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(db().query(`DELETE FROM domain_events`)).rejects.toThrow(/append-only/);
    expect(await count(`SELECT 1 FROM domain_events WHERE type = 'tampered'`)).toBe(0);
    expect(await rowsOf('domain_events', before.ids)).toEqual(before);
  });
});
