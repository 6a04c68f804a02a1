// Mail templates in English and Polish: a subject, a plain text body and simple HTML, with ICU
// plurals (intl-messageformat). Every value is escaped in the HTML.
import { IntlMessageFormat } from 'intl-messageformat';
import { categoryLabel, duration } from '../../web/hours/format.ts';
import { type Locale, translator } from '../../web/i18n/i18n.ts';
import type { NotificationKind } from './kinds.ts';

type Catalog = Record<string, string>;

const en: Catalog = {
  'kind.hours_to_confirm': 'Hours for you to confirm',
  'kind.hours_confirmed': 'Your hours confirmed',
  'kind.gift_received': 'Hours given to you',
  'kind.application_waiting': 'New applications (brokers)',
  'kind.asked_to_help': 'Asked to help',
  'kind.exchange_agreed': 'Exchange agreed',
  'kind.exchange_changed': 'Exchange changed',
  'kind.exchange_cancelled': 'Exchange cancelled',
  'kind.listing_lapsing': 'Your listing about to lapse',
  'kind.listing_new_in_category': 'New listings in categories you follow',
  'kind.reference_request': 'Reference requests',
  'kind.recheck_due': 'Checks due for renewal (brokers)',
  'kind.digest': 'Weekly digest',
  'hours_to_confirm.subject': '{name} recorded {duration} with you: please confirm',
  'hours_to_confirm.body':
    '{name} recorded {duration} of {category} with you. Please confirm the hours or decline them.',
  'hours_confirmed.subject': '{name} confirmed your {duration}',
  'hours_confirmed.body':
    '{name} confirmed the {duration} of {category} you recorded. They are now in your balance.',
  'gift_received.subject': '{name} gave you {duration}',
  'gift_received.body': '{name} gave you {duration} as a gift.',
  'application_waiting.subject': 'New application: {applicantName}',
  'application_waiting.body':
    '{applicantName} has applied to join the timebank and is waiting for a broker.',
  'asked_to_help.subject': '{askerName} asks if you can help',
  'asked_to_help.body': '{askerName} asks if you can help with: {what}. {whenText}',
  'exchange_agreed.subject': 'Agreed: {what} with {otherName}',
  'exchange_agreed.body': 'You and {otherName} agreed: {what}, {whenText}.',
  'exchange_changed.subject': 'Changed: {what} with {otherName}',
  'exchange_changed.body': 'Your exchange with {otherName} has changed: {what}, now {whenText}.',
  'exchange_cancelled.subject': 'Cancelled: {what} with {otherName}',
  'exchange_cancelled.body':
    'Your exchange with {otherName} ({what}, {whenText}) has been cancelled. {reason}',
  'listing_lapsing.subject':
    'Your listing "{listingTitle}" lapses {daysLeft, plural, =0 {today} one {in # day} other {in # days}}',
  'listing_lapsing.body':
    'Your listing "{listingTitle}" lapses on {lapsesOn}. Renew it if it still stands.',
  'listing_new_in_category.subject': 'New in {categoryName}: {listingTitle}',
  'listing_new_in_category.body': '{authorName} listed "{listingTitle}" in {categoryName}.',
  'reference_request.subject': '{memberName} has named you as a referee',
  'reference_request.body':
    '{memberName} is joining {timebankName} and has named you as a referee. Please answer a few questions about them. The link below works once, until {expiresOn}; you need no account.',
  'recheck_due.subject': 'Check due: {personName}',
  'recheck_due.body': 'The {scheme} check of {personName} is due for renewal on {dueOn}.',
  // activities (docs/activities.md)
  'kind.activity_registered': 'Registered for an activity',
  'activity_registered.subject': 'You are registered: {title}',
  'activity_registered.body': 'You have been registered for {title}, {whenText}, {place}. If you cannot come, say so on the activity page or tell your broker.',
  'kind.activity_changed': 'Activity changed',
  'kind.activity_cancelled': 'Activity cancelled',
  'activity_changed.subject': 'Changed: {title}',
  'activity_changed.body': '{title}, which you are registered for, has changed: now {whenText}, {place}.',
  'activity_cancelled.subject': 'Cancelled: {title}',
  'activity_cancelled.body': '{title} ({whenText}), which you were registered for, has been cancelled: {reason}',
  // feat/wellbeing
  'kind.wellbeing_signpost': 'Wellbeing check-ins asking for signposting (brokers)',
  'wellbeing_signpost.subject': 'Please call {personName}',
  'wellbeing_signpost.body':
    'A wellbeing check-in of {personName} asks a broker to call and offer signposting to support. This is not a referral: the member decides. Record the call on the check-ins list.',
  'mail.greeting': 'Hello {name},',
  'mail.greetingAnon': 'Hello,',
  'mail.open': 'Open',
  'mail.unsubscribe': 'Stop emails like this',
  'mail.footer': 'You get this email from {app} because of your choices for "{kind}".',
  'digest.subject': 'Your week: {count, plural, one {# notification} other {# notifications}}',
  'digest.intro':
    'Here is what happened this week ({count, plural, one {# notification} other {# notifications}}):',
  app: 'Timebank',
};

const pl: Catalog = {
  'kind.hours_to_confirm': 'Godziny do potwierdzenia',
  'kind.hours_confirmed': 'Potwierdzone godziny',
  'kind.gift_received': 'Podarowane godziny',
  'kind.application_waiting': 'Nowe zgłoszenia (brokerzy)',
  'kind.asked_to_help': 'Prośby o pomoc',
  'kind.exchange_agreed': 'Uzgodnione wymiany',
  'kind.exchange_changed': 'Zmienione wymiany',
  'kind.exchange_cancelled': 'Odwołane wymiany',
  'kind.listing_lapsing': 'Ogłoszenie wkrótce wygaśnie',
  'kind.listing_new_in_category': 'Nowe ogłoszenia w obserwowanych kategoriach',
  'kind.reference_request': 'Prośby o referencje',
  'kind.recheck_due': 'Sprawdzenia do odnowienia (brokerzy)',
  'kind.digest': 'Cotygodniowe podsumowanie',
  'hours_to_confirm.subject': '{name} zapisał(a) {duration} z Tobą: prosimy o potwierdzenie',
  'hours_to_confirm.body':
    '{name} zapisał(a) {duration} ({category}) z Tobą. Potwierdź te godziny albo je odrzuć.',
  'hours_confirmed.subject': '{name} potwierdził(a) Twoje {duration}',
  'hours_confirmed.body':
    '{name} potwierdził(a) zapisane przez Ciebie {duration} ({category}). Są już na Twoim saldzie.',
  'gift_received.subject': '{name} podarował(a) Ci {duration}',
  'gift_received.body': '{name} podarował(a) Ci {duration} w prezencie.',
  'application_waiting.subject': 'Nowe zgłoszenie: {applicantName}',
  'application_waiting.body': '{applicantName} chce dołączyć do banku czasu i czeka na brokera.',
  'asked_to_help.subject': '{askerName} pyta, czy możesz pomóc',
  'asked_to_help.body': '{askerName} pyta, czy możesz pomóc: {what}. {whenText}',
  'exchange_agreed.subject': 'Uzgodniono: {what} z {otherName}',
  'exchange_agreed.body': 'Ty i {otherName} uzgodniliście: {what}, {whenText}.',
  'exchange_changed.subject': 'Zmiana: {what} z {otherName}',
  'exchange_changed.body': 'Wymiana z {otherName} się zmieniła: {what}, teraz {whenText}.',
  'exchange_cancelled.subject': 'Odwołano: {what} z {otherName}',
  'exchange_cancelled.body':
    'Wymiana z {otherName} ({what}, {whenText}) została odwołana. {reason}',
  'listing_lapsing.subject':
    'Twoje ogłoszenie „{listingTitle}” wygasa {daysLeft, plural, =0 {dzisiaj} one {za # dzień} few {za # dni} many {za # dni} other {za # dnia}}',
  'listing_lapsing.body':
    'Twoje ogłoszenie „{listingTitle}” wygasa {lapsesOn}. Odnów je, jeśli jest nadal aktualne.',
  'listing_new_in_category.subject': 'Nowe w kategorii {categoryName}: {listingTitle}',
  'listing_new_in_category.body':
    '{authorName} dodał(a) ogłoszenie „{listingTitle}” w kategorii {categoryName}.',
  'reference_request.subject': '{memberName} podał(a) Cię jako osobę polecającą',
  'reference_request.body':
    '{memberName} dołącza do {timebankName} i podał(a) Cię jako osobę polecającą. Prosimy o odpowiedź na kilka pytań. Link poniżej działa jeden raz, do {expiresOn}; konto nie jest potrzebne.',
  'recheck_due.subject': 'Sprawdzenie do odnowienia: {personName}',
  'recheck_due.body': 'Sprawdzenie {scheme} osoby {personName} trzeba odnowić do {dueOn}.',
  // activities (docs/activities.md)
  'kind.activity_registered': 'Zapisy na wydarzenia',
  'activity_registered.subject': 'Zapisano Cię: {title}',
  'activity_registered.body': 'Zapisano Cię na wydarzenie {title}, {whenText}, {place}. Jeśli nie możesz przyjść, zaznacz to na stronie wydarzenia albo powiedz swojemu brokerowi.',
  'kind.activity_changed': 'Zmienione wydarzenia',
  'kind.activity_cancelled': 'Odwołane wydarzenia',
  'activity_changed.subject': 'Zmiana: {title}',
  'activity_changed.body': 'Wydarzenie {title}, na które jesteś zapisany(-a), się zmieniło: teraz {whenText}, {place}.',
  'activity_cancelled.subject': 'Odwołano: {title}',
  'activity_cancelled.body': 'Wydarzenie {title} ({whenText}), na które byłeś zapisany(-a), zostało odwołane: {reason}',
  // feat/wellbeing
  'kind.wellbeing_signpost': 'Ankiety samopoczucia z prośbą o wskazanie wsparcia (brokerzy)',
  'wellbeing_signpost.subject': 'Prosimy zadzwonić do: {personName}',
  'wellbeing_signpost.body':
    'Ankieta samopoczucia osoby {personName} prosi brokera o telefon i wskazanie, gdzie szukać wsparcia. To nie jest skierowanie: decyzja należy do członka. Zapisz rozmowę na liście ankiet.',
  'mail.greeting': 'Dzień dobry, {name},',
  'mail.greetingAnon': 'Dzień dobry,',
  'mail.open': 'Otwórz',
  'mail.unsubscribe': 'Nie wysyłaj mi takich wiadomości',
  'mail.footer': 'Otrzymujesz tę wiadomość z {app} zgodnie z Twoimi ustawieniami dla „{kind}”.',
  'digest.subject':
    'Twój tydzień: {count, plural, one {# powiadomienie} few {# powiadomienia} many {# powiadomień} other {# powiadomienia}}',
  'digest.intro':
    'Oto co wydarzyło się w tym tygodniu ({count, plural, one {# powiadomienie} few {# powiadomienia} many {# powiadomień} other {# powiadomienia}}):',
  app: 'Bank Czasu',
};

const CATALOGS: Record<Locale, Catalog> = { en, pl };
export const TEMPLATE_CATALOGS = CATALOGS;
const cache = new Map<string, IntlMessageFormat>();

type Values = Record<string, string | number>;

function msg(locale: Locale, key: string, values: Values = {}): string {
  const id = `${locale}:${key}`;
  let fmt = cache.get(id);
  if (!fmt) {
    const text = CATALOGS[locale][key] ?? CATALOGS.en[key];
    if (text === undefined) throw new RangeError(`no template ${key}`);
    fmt = new IntlMessageFormat(text, locale);
    cache.set(id, fmt);
  }
  return String(fmt.format(values)).trim();
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** The label of a kind, for the choices page and the footer of a mail. */
export function kindLabel(locale: Locale, kind: NotificationKind | 'digest'): string {
  return msg(locale, `kind.${kind}`);
}

/**
 * The values a template reads: the payload's strings and numbers, plus "duration" and
 * "category" in the recipient's language for payloads in minutes, and "name" when known.
 */
export function templateValues(
  locale: Locale,
  payload: Record<string, unknown>,
  extra: Values = {},
): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(payload)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  const t = translator(locale);
  if (typeof payload.minutes === 'number') out.duration = duration(t, payload.minutes);
  if (typeof payload.category === 'string') out.category = categoryLabel(t, payload.category);
  for (const key of ['whenText', 'reason', 'name']) out[key] ??= '';
  return { ...out, ...extra };
}

export function subjectOf(kind: NotificationKind, locale: Locale, values: Values): string {
  return msg(locale, `${kind}.subject`, values);
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface MailFrame {
  recipientName: string | null;
  unsubscribeUrl: string;
  kind: NotificationKind | 'digest';
}

function escapedValues(values: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' ? escapeHtml(v) : v;
  return out;
}

function frame(
  locale: Locale,
  f: MailFrame,
  textBody: string[],
  htmlBody: string[],
): { text: string; html: string } {
  const greeting = f.recipientName
    ? msg(locale, 'mail.greeting', { name: f.recipientName })
    : msg(locale, 'mail.greetingAnon');
  const footer = msg(locale, 'mail.footer', {
    app: msg(locale, 'app'),
    kind: kindLabel(locale, f.kind),
  });
  const stop = msg(locale, 'mail.unsubscribe');
  const text = [
    greeting,
    '',
    ...textBody,
    '',
    '-- ',
    footer,
    `${stop}: ${f.unsubscribeUrl}`,
    '',
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body>`,
    `<p>${escapeHtml(greeting)}</p>`,
    ...htmlBody,
    `<hr><p><small>${escapeHtml(footer)} <a href="${escapeHtml(f.unsubscribeUrl)}">${escapeHtml(stop)}</a></small></p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}

/** One notification as a mail. */
export function renderMail(
  kind: NotificationKind,
  locale: Locale,
  values: Values,
  linkUrl: string,
  f: MailFrame,
): Rendered {
  const subject = msg(locale, `${kind}.subject`, values);
  const body = msg(locale, `${kind}.body`, values);
  const htmlBody = msg(locale, `${kind}.body`, escapedValues(values));
  const open = msg(locale, 'mail.open');
  const { text, html } = frame(
    locale,
    f,
    [body, '', `${open}: ${linkUrl}`],
    [`<p>${htmlBody}</p>`, `<p><a href="${escapeHtml(linkUrl)}">${escapeHtml(open)}</a></p>`],
  );
  return { subject, text, html };
}

export interface DigestItem {
  subject: string;
  linkUrl: string;
}

/** A week's notifications in one mail. */
export function renderDigest(locale: Locale, items: DigestItem[], f: MailFrame): Rendered {
  const count = items.length;
  const subject = msg(locale, 'digest.subject', { count });
  const intro = msg(locale, 'digest.intro', { count });
  const textLines = [intro, '', ...items.map((i) => `* ${i.subject}\n  ${i.linkUrl}`)];
  const htmlLines = [
    `<p>${escapeHtml(intro)}</p>`,
    '<ul>',
    ...items.map((i) => `<li><a href="${escapeHtml(i.linkUrl)}">${escapeHtml(i.subject)}</a></li>`),
    '</ul>',
  ];
  const { text, html } = frame(locale, f, textLines, htmlLines);
  return { subject, text, html };
}
