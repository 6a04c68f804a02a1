// Builds the ViewContext of a page request: locale, timebanks to switch between, flash.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../http/app.ts';
import { DEFAULT_ZONE } from '../lib/zone.ts';
import type { Principal } from '../modules/auth/principal.ts';
import { isLocale, type Locale, translator } from './i18n/i18n.ts';
import type { TimebankOption, ViewContext } from './view.ts';

export const LOCALE_COOKIE = 'tb_locale';
export const FLASH_COOKIE = 'tb_flash';

function pickLocale(req: FastifyRequest, reply: FastifyReply): Locale {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(q)) {
    reply.setCookie(LOCALE_COOKIE, q, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    return q;
  }
  const c = req.cookies[LOCALE_COOKIE];
  if (isLocale(c)) return c;
  if (req.principal && isLocale(req.principal.locale)) return req.principal.locale;
  return /\bpl\b/i.test(req.headers['accept-language'] ?? '') ? 'pl' : 'en';
}

/** Timebanks a person belongs to or serves (all of them for network-wide roles). */
export function switchableTimebanks(p: Principal, all: TimebankOption[]): TimebankOption[] {
  if (p.grants.some((g) => g.timebankId === null)) return all;
  const ids = new Set([
    ...p.memberships.filter((m) => m.status !== 'left').map((m) => m.timebankId),
    ...p.grants.map((g) => g.timebankId),
  ]);
  return all.filter((tb) => ids.has(tb.id));
}

export async function viewContext(req: FastifyRequest, reply: FastifyReply, services: Services): Promise<ViewContext> {
  const locale = pickLocale(req, reply);
  const p = req.principal;
  let timebanks: TimebankOption[] = [];
  if (p && p.stage === 'ready') {
    const all = (await services.tenancy.listTimebanks(p)).map((tb) => ({ id: tb.id, name: tb.name, totpWaived: tb.totp_waived, timeZone: tb.time_zone }));
    timebanks = switchableTimebanks(p, all);
  }
  const current = timebanks.find((tb) => tb.id === p?.currentTimebankId) ?? timebanks[0] ?? null;
  const flash = req.cookies[FLASH_COOKIE];
  if (flash) reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const path = req.url.replace(/([?&])lang=[a-z]+&?/, '$1').replace(/[?&]$/, '');
  const unreadNotifications = p && p.stage === 'ready' ? await services.notifications.unreadCount(p) : undefined;
  return { t: translator(locale), locale, principal: p, timebanks, currentTimebank: current, timeZone: current?.timeZone ?? DEFAULT_ZONE, path, flash, unreadNotifications };
}

/** Post/redirect/get with a one-time message. */
export function redirectWithFlash(reply: FastifyReply, to: string, message: string): FastifyReply {
  reply.setCookie(FLASH_COOKIE, message, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(to, 303);
}
