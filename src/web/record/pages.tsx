// A form of the record page shown alone, with its errors, after it was refused.
import type { ReactNode } from 'react';
import { Button, PostForm, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

export function FormPage({ ctx, title, errors, back, children }: { ctx: ViewContext; title: string; errors: FormError[]; back: string; children: ReactNode }) {
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <p>
        <a href={back} className="back-link">
          {ctx.t('record.back')}
        </a>
      </p>
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}

/** Erasing a person: the warning, the reason, and their name typed again. */
export function ErasePage(props: { ctx: ViewContext; personId: string; displayName: string; errors: FormError[]; values: Record<string, string | undefined> }) {
  const { ctx, personId, displayName, errors, values } = props;
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('erase.title', { name: displayName })} errors={errors} back={`/people/${personId}`}>
      <div className="banner banner--warning">
        <p>{t('erase.warning')}</p>
      </div>
      <PostForm action={`/people/${personId}/erase`} ctx={ctx}>
        <TextField id="reason" label={t('erase.reason')} hint={t('erase.reasonHint')} value={values.reason} errors={errors} />
        <TextField id="confirmName" label={t('erase.confirmName', { name: displayName })} value={values.confirmName} errors={errors} autoComplete="off" />
        <Button>{t('erase.submit')}</Button>
      </PostForm>
    </FormPage>
  );
}
