// The arguments board over real HTTP on a real database: stakeholder groups, writing and
// moderating arguments, the public pages, comments, "this would convince me", building on an
// argument, reports, the printable resource, escaping, size limits and rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { signedIn as signIn } from '../safeguarding/test-helpers.ts';
import { SEEDED_GROUPS, slugOf } from './service.ts';

let server: TestServer;
let world: World;
let member: Client;
let coordinator: Client;
let admin: Client;
let south: Client;
let memberB: Client;
/** A second author: each person may write 20 arguments an hour. */
let writer: Client;
let networkSlug: string;
let groups: { id: string; slug: string; nameEn: string }[];

const signedIn = (email: string | null) => signIn(server, email);
const db = () => server.database.db;
const count = async (table: 'argument' | 'argument_comment' | 'argument_report' | 'argument_endorsement') =>
  Number((await db().selectFrom(table).select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const form = (c: Client, path: string, fields: Record<string, string>) =>
  c.request('POST', path, new URLSearchParams({ ...fields, _csrf: c.csrf ?? '' }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });

const argument = (overrides: Record<string, unknown> = {}) => ({
  stakeholderGroupId: groups[0]!.id,
  claim: 'Every £1 spent on a timebank returns £4.50 in social value.',
  details: 'Measured over three years across seven linked timebanks.',
  evidence: [
    { kind: 'link', label: 'The evaluation', url: 'https://example.org/evaluation' },
    { kind: 'figure', label: 'social value per £1', figure: '£4.50', source: 'Independent SROI study, 2024' },
    { kind: 'report', label: 'Active members by age', report: 'membership' },
  ],
  attribution: 'named',
  ...overrides,
});

/** Writes an argument as `author` and has the coordinator publish it. */
async function published(author: Client, overrides: Record<string, unknown> = {}) {
  const a = await author.post('/api/v1/arguments', argument(overrides));
  expect(a.status).toBe(201);
  const p = await coordinator.post(`/api/v1/arguments/${a.body.id}/moderation`, { decision: 'publish' });
  expect(p.status).toBe(200);
  return a.body.id as string;
}

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(db());
  member = await signedIn(world.member.email);
  coordinator = await signedIn(world.coordinatorNorth.email);
  admin = await signedIn(world.admin.email);
  south = await signedIn(world.southMember.email);
  memberB = await signedIn(world.memberB.email);
  writer = await signedIn((await addPerson(db(), world.networkA, { name: 'Wendy Writer', timebankId: world.north })).email);
  networkSlug = (await db().selectFrom('network').where('id', '=', world.networkA).select('slug').executeTakeFirstOrThrow()).slug;
  groups = (await member.get('/api/v1/stakeholder-groups')).body.items;
});
afterAll(async () => {
  await server.close();
});

describe('stakeholder groups', () => {
  it('start as the four named groups in each network', async () => {
    expect(groups.map((g) => g.slug)).toEqual(SEEDED_GROUPS.map((g) => g.slug));
    expect(groups[1]!.nameEn).toBe('Integration leads in health and social care');
    const other = (await memberB.get('/api/v1/stakeholder-groups')).body.items;
    expect(other.map((g: { slug: string }) => g.slug)).toEqual(SEEDED_GROUPS.map((g) => g.slug));
    expect(other.map((g: { id: string }) => g.id)).not.toContain(groups[0]!.id);
  });

  it('are added, renamed and hidden by coordinators and network admins, not members, and the change is audited', async () => {
    const added = await admin.post('/api/v1/stakeholder-groups', { nameEn: 'Housing officers', namePl: 'Urzędnicy ds. mieszkalnictwa' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ slug: 'housing-officers', hidden: false, position: 50 });
    expect((await member.post('/api/v1/stakeholder-groups', { nameEn: 'Mine', namePl: 'Moja' })).status).toBe(403);
    expect((await admin.post('/api/v1/stakeholder-groups', { nameEn: 'Housing officers!', namePl: 'x' })).status).toBe(409);
    const hidden = await coordinator.request('PATCH', `/api/v1/stakeholder-groups/${added.body.id}`, { nameEn: 'Housing leads', namePl: 'Liderzy mieszkalnictwa', hidden: true });
    expect(hidden.body).toMatchObject({ nameEn: 'Housing leads', hidden: true, slug: 'housing-officers' });
    expect((await member.get('/api/v1/stakeholder-groups')).body.items).toHaveLength(4);
    expect((await coordinator.get('/api/v1/stakeholder-groups?all=true')).body.items).toHaveLength(5);
    expect((await member.get('/api/v1/stakeholder-groups?all=true')).status).toBe(403);
    const audit = await db().selectFrom('audit_event').where('action', '=', 'stakeholder_group.update').selectAll().executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBe(world.coordinatorNorth.id);
    // Another network's group is not found, not forbidden.
    const cyB = await signedIn((await addPerson(db(), world.networkB, { name: 'Cy Coord B', timebankId: world.bTimebank, roles: [['coordinator', world.bTimebank]] })).email);
    expect((await cyB.request('PATCH', `/api/v1/stakeholder-groups/${added.body.id}`, { nameEn: 'x', namePl: 'y' })).status).toBe(404);
  });

  it('refuse empty and oversized names, naming the field', async () => {
    const r = await admin.post('/api/v1/stakeholder-groups', { nameEn: '', namePl: 'x'.repeat(121) });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/nameEn', '/body/namePl']);
  });

  it('make slugs of plain letters', () => {
    expect(slugOf('Łódź: zdrowie & opieka')).toBe('lodz-zdrowie-opieka');
    expect(slugOf('!!!')).toBe('group');
  });
});

describe('writing and moderating an argument', () => {
  it('waits for a moderator, seen by its author and the moderators only, then is public once published', async () => {
    const r = await member.post('/api/v1/arguments', argument());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending', attribution: 'named', authorName: world.member.name });
    expect(r.body.evidence).toHaveLength(3);
    const id = r.body.id;
    const page = `/networks/${networkSlug}/arguments/${id}`;
    expect((await new Client(server.url).get(page)).status).toBe(404);
    expect((await south.get(`/api/v1/arguments/${id}`)).status).toBe(404);
    expect((await coordinator.get(`/api/v1/arguments/${id}`)).status).toBe(200);
    expect((await memberB.get(`/api/v1/arguments/${id}`)).status).toBe(404);
    const queue = await coordinator.get('/api/v1/arguments/moderation');
    expect(queue.body.pending.map((a: { id: string }) => a.id)).toContain(id);
    expect((await member.get('/api/v1/arguments/moderation')).status).toBe(403);
    expect((await member.post(`/api/v1/arguments/${id}/moderation`, { decision: 'publish' })).status).toBe(403);

    const pub = await admin.post(`/api/v1/arguments/${id}/moderation`, { decision: 'publish', note: 'Clear and sourced.' });
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('published');
    expect((await coordinator.post(`/api/v1/arguments/${id}/moderation`, { decision: 'reject' })).status).toBe(409);

    const anonymous = new Client(server.url);
    const html = await anonymous.get(page);
    expect(html.status).toBe(200);
    expect(html.text).toContain(`<link rel="canonical" href="${server.url}${page}"/>`);
    expect(html.text).toContain('<meta property="og:title" content="Every £1 spent on a timebank returns £4.50 in social value."/>');
    expect(html.text).toContain(`<meta property="og:url" content="${server.url}${page}"/>`);
    expect(html.text).toContain(`By ${world.member.name}`);
    expect(html.text).toContain('href="https://example.org/evaluation"');
    expect(html.text).not.toContain('noindex');
    const api = await anonymous.get(`/api/v1/networks/${networkSlug}/arguments/${id}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ claim: argument().claim, comments: [] });
    expect((await anonymous.get(`/api/v1/networks/no-such-network/arguments/${id}`)).status).toBe(404);
    // Published arguments of a network are not another network's.
    expect((await memberB.get(`/api/v1/arguments/${id}`)).status).toBe(404);
    expect((await member.get('/api/v1/arguments')).body.items.map((a: { id: string }) => a.id)).toContain(id);
    const audit = await db().selectFrom('audit_event').where('action', '=', 'argument.publish').where('subject_id', '=', id).selectAll().executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBe(world.admin.id);
  });

  it('published without a name shows no name, to anyone, and the moderators still see who wrote it', async () => {
    const a = await member.post('/api/v1/arguments', argument({ attribution: 'anonymous', claim: 'Co-production cuts repeat GP visits.' }));
    const queue = await coordinator.get('/api/v1/arguments/moderation');
    expect(queue.body.pending.find((x: { id: string }) => x.id === a.body.id).authorName).toBe(world.member.name);
    await coordinator.post(`/api/v1/arguments/${a.body.id}/moderation`, { decision: 'publish' });
    const page = await new Client(server.url).get(`/networks/${networkSlug}/arguments/${a.body.id}`);
    expect(page.text).not.toContain(world.member.name);
    expect(page.text).toContain('Name withheld');
    expect((await south.get(`/api/v1/arguments/${a.body.id}`)).body.authorName).toBeNull();
  });

  it('kept private never reaches the moderators or anyone but its author', async () => {
    const a = await member.post('/api/v1/arguments', argument({ attribution: 'private', claim: 'A private note to myself.' }));
    expect(a.body.status).toBe('private');
    expect((await coordinator.get('/api/v1/arguments/moderation')).body.pending.map((x: { id: string }) => x.id)).not.toContain(a.body.id);
    expect((await coordinator.get(`/api/v1/arguments/${a.body.id}`)).status).toBe(404);
    expect((await coordinator.post(`/api/v1/arguments/${a.body.id}/moderation`, { decision: 'publish' })).status).toBe(404);
    expect((await member.get(`/api/v1/arguments/${a.body.id}`)).status).toBe(200);
    expect((await member.get('/api/v1/arguments/mine')).body.items.map((x: { status: string }) => x.status)).toContain('private');
    const page = await member.get(`/networks/${networkSlug}/arguments/${a.body.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('noindex');
    expect(page.text).toContain('Private: only you can see it');
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = await count('argument');
    const long = await member.post('/api/v1/arguments', argument({ claim: 'x'.repeat(301), details: 'y'.repeat(5001) }));
    expect(long.status).toBe(400);
    expect(long.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/claim', '/body/details']);
    const link = await member.post('/api/v1/arguments', argument({ evidence: [{ kind: 'link', label: 'no address' }, { kind: 'figure', label: 'a figure' }] }));
    expect(link.status).toBe(400);
    expect(link.body.errors).toEqual([
      { path: '/body/evidence/0/url', message: 'a link needs its address (https://…)' },
      { path: '/body/evidence/1/figure', message: 'a figure needs its number' },
    ]);
    const script = await member.post('/api/v1/arguments', argument({ evidence: [{ kind: 'link', label: 'x', url: 'javascript:alert(1)' }] }));
    expect(script.status).toBe(400);
    expect(script.body.errors[0].path).toBe('/body/evidence/0/url');
    const tooMany = await member.post('/api/v1/arguments', argument({ evidence: Array.from({ length: 11 }, () => ({ kind: 'report', label: 'r', report: 'membership' })) }));
    expect(tooMany.body.errors[0].path).toBe('/body/evidence');
    const group = await member.post('/api/v1/arguments', argument({ stakeholderGroupId: '0190f0c0-0000-7000-8000-000000000001' }));
    expect(group.status).toBe(404);
    const foreign = (await memberB.get('/api/v1/stakeholder-groups')).body.items[0].id;
    expect((await member.post('/api/v1/arguments', argument({ stakeholderGroupId: foreign }))).status).toBe(404);
    const hiddenGroup = (await coordinator.get('/api/v1/stakeholder-groups?all=true')).body.items.find((g: { hidden: boolean }) => g.hidden);
    const hidden = await member.post('/api/v1/arguments', argument({ stakeholderGroupId: hiddenGroup.id }));
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0]).toEqual({ path: '/body/stakeholderGroupId', message: 'this stakeholder group is hidden: choose another' });
    const unknown = await member.post('/api/v1/arguments', { ...argument(), author: 'someone else' });
    expect(unknown.body.errors[0]).toEqual({ path: '/body/author', message: 'unknown field' });
    const attribution = await member.post('/api/v1/arguments', argument({ attribution: 'public' }));
    expect(attribution.body.errors[0].path).toBe('/body/attribution');
    expect((await new Client(server.url).post('/api/v1/arguments', argument())).status).toBe(401);
    expect(await count('argument')).toBe(before);
  });

  it('refuses anything larger than the server takes', async () => {
    const r = await member.post('/api/v1/arguments', argument({ details: 'z'.repeat(300 * 1024) }));
    expect(r.status).toBe(413);
  });
});

describe('HTML in posts', () => {
  it('is shown as text in a claim, its details, evidence and comments: nothing runs', async () => {
    const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const id = await published(member, {
      claim: `Bold claim ${xss}`,
      details: xss,
      evidence: [{ kind: 'figure', label: xss, figure: '<b>42</b>', source: xss }],
    });
    expect((await south.post(`/api/v1/arguments/${id}/comments`, { body: `Agreed ${xss}` })).status).toBe(201);
    const page = await south.get(`/networks/${networkSlug}/arguments/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('<b>42</b>');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).toContain('Agreed &lt;script&gt;');
    expect(page.text).toContain('content="Bold claim &lt;script&gt;');
    const board = await member.get('/arguments');
    expect(board.text).toContain('Bold claim &lt;script&gt;');
    expect(board.text).not.toContain('<script>alert');
  });
});

describe('comments, building on and "this would convince me"', () => {
  let id: string;
  beforeAll(async () => {
    id = await published(member, { claim: 'Time credits bring people back into public life.', stakeholderGroupId: groups[2]!.id });
  });

  it('take comments from signed-in people of the network only, shown to them, not to the public', async () => {
    const r = await south.post(`/api/v1/arguments/${id}/comments`, { body: 'We saw the same in Bute.' });
    expect(r.status).toBe(201);
    expect(r.body.authorName).toBe(world.southMember.name);
    expect((await new Client(server.url).post(`/api/v1/arguments/${id}/comments`, { body: 'spam' })).status).toBe(401);
    expect((await memberB.post(`/api/v1/arguments/${id}/comments`, { body: 'from afar' })).status).toBe(404);
    expect((await south.post(`/api/v1/arguments/${id}/comments`, { body: ' ' })).body.errors[0].path).toBe('/body/body');
    expect((await south.post(`/api/v1/arguments/${id}/comments`, { body: 'x'.repeat(2001) })).status).toBe(400);
    expect((await member.get(`/api/v1/arguments/${id}`)).body.comments.map((c: { body: string }) => c.body)).toEqual(['We saw the same in Bute.']);
    const anonymous = await new Client(server.url).get(`/networks/${networkSlug}/arguments/${id}`);
    expect(anonymous.text).not.toContain('We saw the same in Bute.');
    expect(anonymous.text).toContain('Sign in to comment');
    const pending = await member.post('/api/v1/arguments', argument({ claim: 'Not yet published.' }));
    const onPending = await coordinator.post(`/api/v1/arguments/${pending.body.id}/comments`, { body: 'early' });
    expect(onPending.status).toBe(422);
    expect(onPending.body.code).toBe('not_published');
  });

  it('count "this would convince me" by stakeholder group, once per person per argument', async () => {
    const [finance, health, behaviour] = groups;
    expect((await south.request('PUT', `/api/v1/arguments/${id}/convinced`, { stakeholderGroupId: behaviour!.id })).status).toBe(200);
    expect((await coordinator.request('PUT', `/api/v1/arguments/${id}/convinced`, { stakeholderGroupId: behaviour!.id })).status).toBe(200);
    const r = await admin.request('PUT', `/api/v1/arguments/${id}/convinced`, { stakeholderGroupId: finance!.id });
    expect(r.body.convinced.map((c: { slug: string; count: number }) => [c.slug, c.count])).toEqual([
      [finance!.slug, 1],
      [behaviour!.slug, 2],
    ]);
    expect(r.body.myConvincedGroupId).toBe(finance!.id);
    const again = await admin.request('PUT', `/api/v1/arguments/${id}/convinced`, { stakeholderGroupId: health!.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_convinced');
    const back = await admin.request('DELETE', `/api/v1/arguments/${id}/convinced`);
    expect(back.body.convinced.map((c: { slug: string }) => c.slug)).toEqual([behaviour!.slug]);
    expect((await admin.request('DELETE', `/api/v1/arguments/${id}/convinced`)).body.code).toBe('not_convinced');
    expect((await admin.request('PUT', `/api/v1/arguments/${id}/convinced`, { stakeholderGroupId: health!.id })).status).toBe(200);
    const rows = await db().selectFrom('argument_endorsement').where('argument_id', '=', id).where('person_id', '=', world.admin.id).selectAll().execute();
    expect(rows).toHaveLength(1);
    expect((await south.request('PUT', `/api/v1/arguments/${id}/convinced`, { stakeholderGroupId: '0190f0c0-0000-7000-8000-000000000001' })).status).toBe(404);
  });

  it('"build on this" starts a new argument linked to the old one, listed on the old one once published', async () => {
    const page = await south.get(`/arguments/new?buildsOn=${id}`);
    expect(page.text).toContain('You are building on: “Time credits bring people back into public life.”');
    expect(page.text).toContain(`name="buildsOnArgumentId" value="${id}"`);
    const built = await published(south, { claim: 'And they stay involved for years.', buildsOnArgumentId: id, attribution: 'anonymous' });
    const next = await member.get(`/api/v1/arguments/${built}`);
    expect(next.body.buildsOn).toEqual({ id, claim: 'Time credits bring people back into public life.' });
    expect((await member.get(`/api/v1/arguments/${id}`)).body.builtOnBy).toEqual([{ id: built, claim: 'And they stay involved for years.' }]);
    const pending = await member.post('/api/v1/arguments', argument({ claim: 'Waiting.' }));
    const onPending = await south.post('/api/v1/arguments', argument({ buildsOnArgumentId: pending.body.id }));
    expect(onPending.status).toBe(400);
    expect(onPending.body.errors[0].path).toBe('/body/buildsOnArgumentId');
  });
});

describe('reports and the moderation queue', () => {
  it('takes a report of a comment to the queue once; hiding it takes the comment off the page', async () => {
    const id = await published(writer, { claim: 'Reported comments go away.' });
    const c = await south.post(`/api/v1/arguments/${id}/comments`, { body: 'Buy cheap watches at spam.example' });
    const r = await member.post(`/api/v1/arguments/${id}/reports`, { reason: 'Spam', commentId: c.body.id });
    expect(r.status).toBe(201);
    const again = await member.post(`/api/v1/arguments/${id}/reports`, { reason: 'Spam again', commentId: c.body.id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: r.body.id, alreadyReported: true });
    await admin.post(`/api/v1/arguments/${id}/reports`, { reason: 'Advertising', commentId: c.body.id });
    const queue = await coordinator.get('/api/v1/arguments/moderation');
    const mine = queue.body.reports.filter((x: { commentId: string | null }) => x.commentId === c.body.id);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ reason: 'Spam', reporterName: world.member.name, commentBody: 'Buy cheap watches at spam.example' });
    expect((await member.post(`/api/v1/argument-reports/${r.body.id}/resolution`, { resolution: 'hidden' })).status).toBe(403);
    expect((await coordinator.post(`/api/v1/argument-reports/${r.body.id}/resolution`, { resolution: 'hidden' })).status).toBe(200);
    expect((await coordinator.post(`/api/v1/argument-reports/${r.body.id}/resolution`, { resolution: 'dismissed' })).body.code).toBe('report_resolved');
    expect((await coordinator.get('/api/v1/arguments/moderation')).body.reports.filter((x: { commentId: string | null }) => x.commentId === c.body.id)).toEqual([]);
    expect((await member.get(`/api/v1/arguments/${id}`)).body.comments).toEqual([]);
    const page = await member.get(`/networks/${networkSlug}/arguments/${id}`);
    expect(page.text).not.toContain('spam.example');
  });

  it('taking a reported argument down makes its public page disappear; a dismissed report leaves it', async () => {
    const keep = await published(writer, { claim: 'This one stays.' });
    const drop = await published(writer, { claim: 'This one goes.' });
    const k = await south.post(`/api/v1/arguments/${keep}/reports`, { reason: 'I disagree' });
    const d = await south.post(`/api/v1/arguments/${drop}/reports`, { reason: 'Abusive' });
    await coordinator.post(`/api/v1/argument-reports/${k.body.id}/resolution`, { resolution: 'dismissed' });
    await coordinator.post(`/api/v1/argument-reports/${d.body.id}/resolution`, { resolution: 'hidden' });
    const anonymous = new Client(server.url);
    expect((await anonymous.get(`/networks/${networkSlug}/arguments/${keep}`)).status).toBe(200);
    expect((await anonymous.get(`/networks/${networkSlug}/arguments/${drop}`)).status).toBe(404);
    expect((await writer.get(`/api/v1/arguments/${drop}`)).body.status).toBe('hidden');
    expect((await south.post(`/api/v1/arguments/${drop}/reports`, { reason: 'x' })).status).toBe(404);
    const bad = await south.post(`/api/v1/arguments/${keep}/reports`, { reason: '', commentId: keep });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/reason');
    const notAComment = await south.post(`/api/v1/arguments/${keep}/reports`, { reason: 'x', commentId: keep });
    expect(notAComment.body.errors[0].path).toBe('/body/commentId');
  });

  it('the moderation page publishes and rejects from forms, and the report button is a form anyone signed in can use', async () => {
    const a = await writer.post('/api/v1/arguments', argument({ claim: 'Published from the page.' }));
    const b = await writer.post('/api/v1/arguments', argument({ claim: 'Rejected from the page.' }));
    const queue = await coordinator.get('/arguments/moderation');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Published from the page.');
    expect((await form(coordinator, `/arguments/${a.body.id}/moderation`, { decision: 'publish', note: '' })).status).toBe(303);
    expect((await form(coordinator, `/arguments/${b.body.id}/moderation`, { decision: 'reject', note: 'Needs a source.' })).status).toBe(303);
    expect((await writer.get(`/api/v1/arguments/${b.body.id}`)).body).toMatchObject({ status: 'rejected', moderationNote: 'Needs a source.' });
    expect((await member.get('/arguments/moderation')).status).toBe(403);
    const reported = await form(south, `/arguments/${a.body.id}/report`, { reason: 'Off topic' });
    expect(reported.status).toBe(303);
    const q = await coordinator.get('/arguments/moderation');
    expect(q.text).toContain('Off topic');
  });
});

describe('pages', () => {
  it('write an argument from the form, with errors by the fields and values kept', async () => {
    const bad = await form(writer, '/arguments/new', {
      stakeholderGroupId: groups[1]!.id,
      claim: '',
      'evidence-1-kind': 'link',
      'evidence-1-label': 'Our evaluation',
      'evidence-1-url': 'not a url',
      attribution: 'named',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#claim">Enter the argument, up to 300 characters</a>');
    expect(bad.text).toContain('<a href="#evidence-1-url">Enter a web address starting with https:// or http://</a>');
    expect(bad.text).toContain('value="Our evaluation"');
    const good = await form(writer, '/arguments/new', {
      stakeholderGroupId: groups[1]!.id,
      claim: 'Integrated care teams reach people sooner.',
      'evidence-1-kind': 'link',
      'evidence-1-label': 'Our evaluation',
      'evidence-1-url': 'https://example.org/eval',
      'evidence-2-kind': 'figure',
      'evidence-2-label': 'fewer admissions',
      'evidence-2-figure': '12%',
      attribution: 'anonymous',
    });
    expect(good.status).toBe(303);
    const stored = (await writer.get('/api/v1/arguments/mine')).body.items.find((a: { claim: string }) => a.claim === 'Integrated care teams reach people sooner.');
    expect(stored).toMatchObject({ status: 'pending', attribution: 'anonymous' });
    const full = await writer.get(`/api/v1/arguments/${stored.id}`);
    expect(full.body.evidence.map((e: { kind: string }) => e.kind)).toEqual(['link', 'figure']);
    expect(good.headers.get('location')).toBe(`/networks/${networkSlug}/arguments/${stored.id}`);
  });

  it('comment and say "this would convince me" from the argument page, with a refused comment shown on the page', async () => {
    const id = await published(writer, { claim: 'Page forms work.' });
    const page = await south.get(`/networks/${networkSlug}/arguments/${id}`);
    expect(page.text).toContain('This would convince me');
    expect(page.text).toContain('Report this argument');
    expect((await form(south, `/arguments/${id}/comments`, { body: 'Fine by me.' })).status).toBe(303);
    const bad = await form(south, `/arguments/${id}/comments`, { body: 'x'.repeat(2001) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a comment, up to 2000 characters');
    expect((await form(south, `/arguments/${id}/convinced`, { stakeholderGroupId: groups[3]!.id })).status).toBe(303);
    expect((await south.get(`/networks/${networkSlug}/arguments/${id}`)).text).toContain('You said this would convince you, speaking as: Open data officers.');
    const twice = await form(south, `/arguments/${id}/convinced`, { stakeholderGroupId: groups[3]!.id });
    expect(twice.status).toBe(400);
    expect((await form(south, `/arguments/${id}/convinced/withdraw`, {})).status).toBe(303);
    const noReason = await form(south, `/arguments/${id}/report`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('<details class="details report" open="">');
    expect(noReason.text).toContain('<a href="#reason">Say what is wrong, up to 1000 characters</a>');
    expect((await new Client(server.url).post(`/arguments/${id}/comments`, 'body=x')).status).toBe(303);
  });

  it('manage stakeholder groups from the page', async () => {
    expect((await member.get('/stakeholder-groups')).status).toBe(403);
    const page = await coordinator.get('/stakeholder-groups');
    expect(page.text).toContain('Open data officers');
    const bad = await form(coordinator, '/stakeholder-groups', { nameEn: '', namePl: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#nameEn">Enter the name in English, up to 120 characters</a>');
    expect((await form(coordinator, '/stakeholder-groups', { nameEn: 'Digital leads', namePl: 'Liderzy cyfryzacji' })).status).toBe(303);
    const g = (await coordinator.get('/api/v1/stakeholder-groups')).body.items.find((x: { slug: string }) => x.slug === 'digital-leads');
    expect((await form(coordinator, `/stakeholder-groups/${g.id}`, { nameEn: 'Digital leads', namePl: 'Liderzy cyfryzacji', position: '1' })).status).toBe(303);
    expect((await coordinator.get('/api/v1/stakeholder-groups')).body.items[0].slug).toBe('digital-leads');
  });

  it('the board and my arguments list what they should, in Polish too', async () => {
    const board = await member.get('/arguments');
    expect(board.status).toBe(200);
    expect(board.text).toContain('Write an argument');
    expect(board.text).not.toContain('Moderation queue');
    expect((await coordinator.get('/arguments')).text).toContain('Moderation queue');
    const mine = await member.get('/arguments/mine?lang=pl');
    expect(mine.text).toContain('Moje argumenty');
    expect(mine.text).toContain('Czeka na moderatora');
  });
});

describe('the printable resource per stakeholder group', () => {
  it('lists the best-supported published arguments for the group, with their evidence, for anyone', async () => {
    const open = groups[3]!;
    const weak = await published(writer, { stakeholderGroupId: open.id, claim: 'Open data weak claim', evidence: [] });
    const strong = await published(writer, { stakeholderGroupId: open.id, claim: 'Open data strong claim' });
    await published(writer, { stakeholderGroupId: groups[0]!.id, claim: 'Finance only claim' });
    for (const c of [south, coordinator]) await c.request('PUT', `/api/v1/arguments/${strong}/convinced`, { stakeholderGroupId: open.id });
    await admin.request('PUT', `/api/v1/arguments/${weak}/convinced`, { stakeholderGroupId: groups[0]!.id });
    const anonymous = new Client(server.url);
    const api = await anonymous.get(`/api/v1/networks/${networkSlug}/resources/${open.slug}`);
    expect(api.status).toBe(200);
    const claims = api.body.arguments.map((a: { claim: string }) => a.claim);
    expect(claims.indexOf('Open data strong claim')).toBeLessThan(claims.indexOf('Open data weak claim'));
    expect(claims).not.toContain('Finance only claim');
    expect(api.body.arguments[claims.indexOf('Open data strong claim')]).toMatchObject({ convincedInGroup: 2, convincedTotal: 2 });
    const page = await anonymous.get(`/networks/${networkSlug}/resources/${open.slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('What co-production can do for you: Open data officers');
    expect(page.text).toContain('£4.50');
    expect(page.text).toContain('<link rel="stylesheet" href="/assets/app.css"/>');
    const css = await anonymous.get('/assets/app.css');
    expect(css.text).toContain('@media print');
    expect((await anonymous.get(`/networks/${networkSlug}/resources`)).text).toContain(`/networks/${networkSlug}/resources/${open.slug}`);
    expect((await anonymous.get(`/networks/${networkSlug}/resources/no-such-group`)).status).toBe(404);
    expect((await anonymous.get(`/networks/${networkSlug}/resources/${open.slug}?lang=pl`)).text).toContain('Co współtworzenie może dać tobie');
  });
});

describe('rate limits', () => {
  it('refuse a person more than 30 comments in ten minutes with 429, counting the API and the page together', async () => {
    const id = await published(writer, { claim: 'Rate limited.' });
    const chatty = await signedIn((await addPerson(db(), world.networkA, { name: 'Chatty Charlie', timebankId: world.north })).email);
    for (let i = 0; i < 29; i++) expect((await chatty.post(`/api/v1/arguments/${id}/comments`, { body: `comment ${i}` })).status).toBe(201);
    expect((await form(chatty, `/arguments/${id}/comments`, { body: 'the 30th' })).status).toBe(303);
    const refused = await chatty.post(`/api/v1/arguments/${id}/comments`, { body: 'one too many' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = await form(chatty, `/arguments/${id}/comments`, { body: 'and another' });
    expect(page.status).toBe(429);
    // Somebody else is not held back by Charlie's limit.
    expect((await south.post(`/api/v1/arguments/${id}/comments`, { body: 'still here' })).status).toBe(201);
  });
});
