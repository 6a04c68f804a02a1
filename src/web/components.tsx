// Accessible form pieces after the GOV.UK Design System patterns: a label for every field,
// hints tied with aria-describedby, an error message by the field and a summary on top.
import { createContext, type ReactNode, useContext } from 'react';
import { translator, type T } from './i18n/i18n.ts';
import { type FormError, PAGE_ERROR, type ViewContext } from './view.ts';

/** The page's translator, provided by Layout, so that form pieces speak the page's language. */
export const Translation = createContext<T>(translator('en'));

/**
 * On top of the page when a form comes back with errors. It takes the focus as the page loads
 * (autofocus: no script needed), so a screen reader announces it first; each error about a
 * field links to that field.
 */
export function ErrorSummary({ errors, ctx }: { errors: FormError[]; ctx: ViewContext }) {
  if (errors.length === 0) return null;
  return (
    // biome-ignore lint/a11y/noAutofocus: GOV.UK moves the focus to the error summary; autofocus does it with no script.
    <div className="error-summary" tabIndex={-1} autoFocus>
      <div role="alert">
        <h2 id="error-summary-title" className="error-summary__title">
          {ctx.t('error.summaryTitle')}
        </h2>
        <ul className="error-summary__list">
          {errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>{e.field === PAGE_ERROR ? e.message : <a href={`#${e.field}`}>{e.message}</a>}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function ErrorMessage({ id, message }: { id: string; message: string }) {
  const t = useContext(Translation);
  return (
    <p id={id} className="error-message">
      <span className="visually-hidden">{t('error.prefix')}</span> {message}
    </p>
  );
}

interface FieldProps {
  id: string;
  name?: string;
  label: string;
  hint?: string | undefined;
  errors: FormError[];
  children?: ReactNode;
}

export function describedBy(id: string, hint: string | undefined, error: FormError | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The frame every field shares: its group, label, hint and error message. */
export function FieldFrame(props: { id: string; label: string; hint: string | undefined; error: FormError | undefined; children: ReactNode }) {
  const { id, error } = props;
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        {props.label}
      </label>
      {props.hint ? (
        <div id={`${id}-hint`} className="hint">
          {props.hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`} message={error.message} /> : null}
      {props.children}
    </div>
  );
}

export function TextField(
  props: FieldProps & { type?: string; value?: string | undefined; autoComplete?: string; inputMode?: 'numeric' | 'text' | 'email' | 'tel'; width?: 'short' | 'full' },
) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <FieldFrame id={props.id} label={props.label} hint={props.hint} error={error}>
      <input
        className={`input${props.width === 'short' ? ' input--short' : ''}${error ? ' input--error' : ''}`}
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        defaultValue={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        aria-describedby={describedBy(props.id, props.hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </FieldFrame>
  );
}

/** A textarea in the shared field frame (label, hint, error by the field). */
export function TextArea(props: FieldProps & { value?: string | undefined; rows?: number }) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <FieldFrame id={props.id} label={props.label} hint={props.hint} error={error}>
      <textarea
        className={`input textarea${error ? ' input--error' : ''}`}
        id={props.id}
        name={props.name ?? props.id}
        rows={props.rows ?? 3}
        defaultValue={props.value}
        aria-describedby={describedBy(props.id, props.hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; value?: string | undefined }) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <FieldFrame id={props.id} label={props.label} hint={props.hint} error={error}>
      <select
        className={`select${error ? ' select--error' : ''}`}
        id={props.id}
        name={props.name ?? props.id}
        defaultValue={props.value}
        aria-describedby={describedBy(props.id, props.hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A form that posts back with the session's CSRF token. */
export function PostForm({ action, ctx, children, className }: { action: string; ctx: ViewContext; children: ReactNode; className?: string }) {
  return (
    <form method="post" action={action} noValidate className={className}>
      {ctx.principal ? <input type="hidden" name="_csrf" value={ctx.principal.csrfToken} /> : null}
      {children}
    </form>
  );
}

export function Button({ children, secondary }: { children: ReactNode; secondary?: boolean }) {
  return (
    <button type="submit" className={`button${secondary ? ' button--secondary' : ''}`}>
      {children}
    </button>
  );
}
