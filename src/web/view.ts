// What every page is rendered with.
import type { Principal } from '../modules/auth/principal.ts';
import type { Locale, T } from './i18n/i18n.ts';

export interface TimebankOption {
  id: string;
  name: string;
  totpWaived: boolean;
  /** IANA zone of the timebank's diary (lib/zone.ts). */
  timeZone: string;
}

export interface ViewContext {
  t: T;
  locale: Locale;
  principal: Principal | null;
  /** Timebanks the person can switch between (member of, or serves). */
  timebanks: TimebankOption[];
  currentTimebank: TimebankOption | null;
  /** The zone dates and times are shown in: the current timebank's, else DEFAULT_ZONE. */
  timeZone: string;
  /** The request path, for the language switch and sign-in return. */
  path: string;
  flash?: string | undefined;
  /** Unread notifications of the person shown (the badge in the navigation). */
  unreadNotifications?: number | undefined;
}

export interface FormError {
  /** The field's id in the form (the error summary links to it), or PAGE_ERROR. */
  field: string;
  message: string;
}

/** The field of an error about the whole form rather than one field: shown in the summary only. */
export const PAGE_ERROR = 'main-content';
