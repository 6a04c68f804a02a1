// Targets of the arguments board and fishbowl debates (docs/arguments.md, docs/fishbowl.md) for
// the authorization matrix, made as North's coordinator makes them: through the API.
import { Client } from '../support/http.ts';
import type { PersonFixture } from '../support/fixtures.ts';

export interface ArgumentTargets {
  /** A stakeholder group of network A ("Heads of strategy and finance"), and its slug. */
  stakeholderGroupId: string;
  stakeholderGroupSlug: string;
  /** A published argument of network A, with a comment. */
  argumentId: string;
  /** An argument waiting for a moderator: the first moderator to call publishes it. */
  pendingArgumentId: string;
  /** An open report of the comment (moderators dismiss it). */
  argumentReportId: string;
  /** Debates moderated by North's coordinator: open, scheduled (not yet open) and closed. */
  debateId: string;
  scheduledDebateId: string;
  closedDebateId: string;
}

export async function createArgumentTargets(url: string, coordinator: PersonFixture): Promise<ArgumentTargets> {
  const c = new Client(url, { 'x-forwarded-for': '10.254.0.1' });
  if ((await c.signIn(coordinator.email!)).status !== 200) throw new Error('the coordinator could not sign in');
  const ok = <T = { id: string }>(r: { status: number; body: unknown; text: string }, what: string): T => {
    if (r.status >= 300) throw new Error(`matrix world: ${what}: ${r.status} ${r.text}`);
    return r.body as T;
  };
  const groups = ok<{ items: { id: string; slug: string }[] }>(await c.get('/api/v1/stakeholder-groups'), 'the stakeholder groups').items;
  const group = groups[0]!;
  const write = (claim: string) =>
    c.post('/api/v1/arguments', { stakeholderGroupId: group.id, claim, evidence: [{ kind: 'link', label: 'Evaluation', url: 'https://example.org/e' }], attribution: 'named' });
  const argument = ok(await write('Time credits pay for themselves.'), 'an argument');
  ok(await c.post(`/api/v1/arguments/${argument.id}/moderation`, { decision: 'publish' }), 'publishing it');
  const comment = ok(await c.post(`/api/v1/arguments/${argument.id}/comments`, { body: 'Agreed.' }), 'a comment');
  const report = ok(await c.post(`/api/v1/arguments/${argument.id}/reports`, { reason: 'Matrix', commentId: comment.id }), 'a report');
  const pending = ok(await write('Waiting for a moderator.'), 'a pending argument');
  const debate = (topic: string) =>
    c.post('/api/v1/debates', { topic, openingQuestions: ['Why?'], seatCount: 9, startsAt: '2026-12-01T18:00:00Z' });
  const open = ok(await debate('Open debate'), 'a debate');
  ok(await c.post(`/api/v1/debates/${open.id}/open`), 'opening it');
  const scheduled = ok(await debate('Scheduled debate'), 'a scheduled debate');
  const closed = ok(await debate('Closed debate'), 'a closed debate');
  ok(await c.post(`/api/v1/debates/${closed.id}/open`), 'opening the closed one');
  ok(await c.post(`/api/v1/debates/${closed.id}/close`), 'closing it');
  return {
    stakeholderGroupId: group.id,
    stakeholderGroupSlug: group.slug,
    argumentId: argument.id,
    pendingArgumentId: pending.id,
    argumentReportId: report.id,
    debateId: open.id,
    scheduledDebateId: scheduled.id,
    closedDebateId: closed.id,
  };
}
