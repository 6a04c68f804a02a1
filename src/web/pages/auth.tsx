import { Button, PostForm, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

export function SignInPage({ ctx, errors, email, next }: { ctx: ViewContext; errors: FormError[]; email?: string; next?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signIn.title')} errors={errors}>
      <h1>{t('signIn.title')}</h1>
      <PostForm action={`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`} ctx={ctx}>
        <TextField id="email" label={t('signIn.email')} type="email" autoComplete="username" value={email} errors={errors} />
        <TextField id="password" label={t('signIn.password')} type="password" autoComplete="current-password" errors={errors} />
        <Button>{t('signIn.submit')}</Button>
      </PostForm>
      <p className="hint">{t('signIn.noAccount')}</p>
    </Layout>
  );
}

export function TotpPage({ ctx, errors }: { ctx: ViewContext; errors: FormError[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('totp.title')} errors={errors}>
      <h1>{t('totp.title')}</h1>
      <PostForm action="/sign-in/code" ctx={ctx}>
        <TextField id="code" label={t('totp.code')} inputMode="numeric" autoComplete="one-time-code" width="short" errors={errors} />
        <Button>{t('totp.submit')}</Button>
      </PostForm>
    </Layout>
  );
}

export function SecurityPage({
  ctx,
  errors,
  enrolment,
  required,
}: {
  ctx: ViewContext;
  errors: FormError[];
  enrolment: { secret: string; qrSvg: string } | null;
  required: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('enrol.title')} errors={errors}>
      <h1>{t('enrol.title')}</h1>
      {ctx.principal?.totpEnabled ? (
        <p>{t('enrol.enabled')}</p>
      ) : (
        <>
          <p>{required ? t('enrol.required') : t('enrol.optional')}</p>
          {enrolment ? (
            <>
              {/* The QR code is an SVG made on the server from the otpauth URL. */}
              <img className="qr" alt={t('enrol.qrAlt')} width={200} height={200} src={`data:image/svg+xml;base64,${Buffer.from(enrolment.qrSvg).toString('base64')}`} />
              <p>
                <code>{t('enrol.secret', { secret: enrolment.secret })}</code>
              </p>
              <PostForm action="/account/security/confirm" ctx={ctx}>
                <TextField id="code" label={t('totp.code')} inputMode="numeric" autoComplete="one-time-code" width="short" errors={errors} />
                <Button>{t('enrol.submit')}</Button>
              </PostForm>
            </>
          ) : null}
        </>
      )}
    </Layout>
  );
}

export function ErrorPage({ ctx, status, detail, requestId }: { ctx: ViewContext; status: number; detail: string; requestId: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('error.pageTitle')}>
      <h1>{ctx.t('error.pageTitle')}</h1>
      <p>{detail}</p>
      <p className="hint">
        {status} · {requestId}
      </p>
    </Layout>
  );
}
