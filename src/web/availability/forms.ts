// Form posts of the safeguarding and availability pages read into the API's own schemas, so a
// form and its API route cannot drift.
import { z } from 'zod';
import { PreferencesBody, RestrictionsBody, WindowsBody } from '../../modules/preferences/routes.ts';
import { CheckBody } from '../../modules/safeguarding/routes.ts';

export type Posted = Record<string, string | string[] | undefined>;

/** Repeated fields (checkboxes) arrive as an array, a single one as a string, none as undefined. */
export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: string | string[] | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() ? s.trim() : undefined;
};
const ticked = (v: string | string[] | undefined) => list(v).includes('yes');

export const readRestrictions = (b: Posted) => RestrictionsBody.safeParse({ kinds: list(b.kinds), note: text(b.note) ?? null });

export const readPreferences = (b: Posted) =>
  PreferencesBody.safeParse({
    weekendOnly: ticked(b.weekendOnly),
    timesOfDay: list(b.timesOfDay),
    areaIds: list(b.areaIds),
    languages: (text(b.languages) ?? '').split(/[\s,;]+/).filter(Boolean),
  });

export const readWindows = (b: Posted) =>
  WindowsBody.safeParse({
    windows: list(b.w).map((v) => {
      const [day, part] = v.split(':');
      return { weekday: Number(day), part };
    }),
  });

export const readPause = (b: Posted) => z.strictObject({ pausedUntil: z.iso.date() }).safeParse({ pausedUntil: text(b.pausedUntil) });

export const readNotice = (b: Posted) => z.strictObject({ sentOn: z.iso.date() }).safeParse({ sentOn: text(b.sentOn) });

export function readCheck(b: Posted) {
  const fields = ['scheme', 'level', 'workforce', 'roleTitle', 'number', 'issuedOn', 'statusCheckedOn', 'statusCheckResult', 'reviewOn', 'decision', 'decidedByPersonId', 'decidedOn'];
  const out: Record<string, unknown> = { regulatedWork: ticked(b.regulatedWork), updateService: ticked(b.updateService) };
  for (const f of fields) {
    const v = text(b[f]);
    if (v !== undefined) out[f] = v;
  }
  return CheckBody.safeParse(out);
}
