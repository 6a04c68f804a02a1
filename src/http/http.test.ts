// The API's conventions: problem+json with field paths, unknown fields refused, limits,
// request ids, health, metrics and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../test/support/http.ts';

let server: TestServer;
let world: World;
let broker: Client;

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  broker = new Client(server.url);
  await broker.signIn(world.brokerNorth.email!);
});
afterAll(async () => {
  await server.close();
});

describe('HTTP conventions', () => {
  it('puts a request id in every response and honours one sent by the caller', async () => {
    const r = await broker.get('/healthz');
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await broker.request('GET', '/healthz', undefined, { 'x-request-id': 'abc-123' });
    expect(mine.headers.get('x-request-id')).toBe('abc-123');
  });

  it('answers health and readiness with the database kind', async () => {
    expect((await broker.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await broker.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.database).toBe(server.database.kind);
  });

  it('serves Prometheus metrics', async () => {
    const r = await broker.get('/metrics');
    expect(r.status).toBe(200);
    expect(r.text).toContain('timebank_http_request_duration_seconds');
    expect(r.text).toContain('process_cpu_user_seconds_total');
  });

  it('serves an OpenAPI 3.1 document built from the route schemas, and browsable docs', async () => {
    const r = await broker.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const op = r.body.paths['/api/v1/timebanks/{timebankId}/members'].post;
    expect(op.requestBody.content['application/json'].schema.properties.displayName).toBeDefined();
    expect(op.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    const docs = await new Client(server.url).get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });

  it('refuses unknown fields with 400 problem+json naming each', async () => {
    const r = await broker.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'X', colour: 'blue' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 400, code: 'validation_failed', instance: `/api/v1/timebanks/${world.north}/members` });
    expect(r.body.errors).toContainEqual({ path: '/body/colour', message: 'unknown field' });
    expect(r.body.requestId).toBe(r.headers.get('x-request-id'));
  });

  it('names the bad field for a wrong type, in body and query', async () => {
    const r = await broker.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'X', birthYear: 'nineteen' });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/birthYear']);
    const q = await broker.get(`/api/v1/timebanks/${world.north}/members?limit=0`);
    expect(q.status).toBe(400);
    expect(q.body.errors[0].path).toBe('/querystring/limit');
  });

  it('refuses a malformed id with 400 and an id from another tenant with 404', async () => {
    const bad = await broker.get('/api/v1/people/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/params/id');
    const other = await broker.get(`/api/v1/people/${world.memberB.id}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    const otherTb = await broker.get(`/api/v1/timebanks/${world.bTimebank}/members`);
    expect(otherTb.status).toBe(404);
  });

  it('refuses an oversized body with 413 and broken JSON with 400', async () => {
    const big = await broker.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const broken = await broker.request('POST', `/api/v1/timebanks/${world.north}/members`, '{"displayName":', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('bad_request');
  });

  it('answers unknown API routes with problem+json 404', async () => {
    const r = await broker.get('/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not_found');
  });

  it('asks for sign-in on the API and redirects pages to the sign-in form', async () => {
    const anon = new Client(server.url);
    const api = await anon.get('/api/v1/me');
    expect(api.status).toBe(401);
    expect(api.body.code).toBe('unauthenticated');
    const page = await anon.get('/me');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Fme');
  });
});
