// Thank-you notes on a member's profile: those the writers agreed to show and the member has
// not hidden; the member themself (and their brokers) see every note, marked, and the member
// hides or shows each with one button.
import { Button, PostForm } from '../components.tsx';
import type { ViewContext } from '../view.ts';

export interface ThankYouItem {
  id: string;
  body: string;
  from_name: string;
  what: string;
  show_on_profile: boolean;
  hidden_by_recipient: boolean;
  created_at: Date;
}

export function ThanksOnProfile({ ctx, own, items, back }: { ctx: ViewContext; own: boolean; items: ThankYouItem[]; back: string }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="thanks-on-profile">
      <h2 id="thanks-on-profile">{t('exchange.thanksOnProfile')}</h2>
      {items.length ? (
        <ul className="list">
          {items.map((n) => (
            <li key={n.id}>
              “{n.body}” – {n.from_name} ({n.what}){n.hidden_by_recipient ? ` ${t('exchange.hiddenTag')}` : ''}
              {n.show_on_profile ? '' : ` ${t('exchange.privateTag')}`}
              {own && n.show_on_profile ? (
                <PostForm action={`/thank-yous/${n.id}/hidden`} ctx={ctx} className="inline-form">
                  <input type="hidden" name="hidden" value={n.hidden_by_recipient ? 'no' : 'yes'} />
                  <input type="hidden" name="back" value={back.split('?')[0]} />
                  <Button secondary>{t(n.hidden_by_recipient ? 'exchange.show' : 'exchange.hide')}</Button>
                </PostForm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('exchange.noThanks')}</p>
      )}
    </section>
  );
}
