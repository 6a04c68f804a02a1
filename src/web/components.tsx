// Accessible form pieces after the GOV.UK Design System patterns: a label for every field,
// hints tied with aria-describedby, an error message by the field and a summary on top.
import type { ReactNode } from 'react';
import type { FormError, ViewContext } from './view.ts';

export function ErrorSummary({ errors, ctx }: { errors: FormError[]; ctx: ViewContext }) {
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-module="error-summary">
      <h2 id="error-summary-title">{ctx.t('error.summaryTitle')}</h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.field}:${e.message}`}>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
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

function describedBy(id: string, hint: string | undefined, error: FormError | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & { type?: string; value?: string | undefined; autoComplete?: string; inputMode?: 'numeric' | 'text' | 'email' | 'tel'; width?: 'short' | 'full' },
) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <div id={`${props.id}-hint`} className="hint">
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${props.id}-error`} className="error-message">
          <span className="visually-hidden">Error:</span> {error.message}
        </p>
      ) : null}
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
    </div>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; value?: string | undefined }) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <div id={`${props.id}-hint`} className="hint">
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${props.id}-error`} className="error-message">
          <span className="visually-hidden">Error:</span> {error.message}
        </p>
      ) : null}
      <select
        className="select"
        id={props.id}
        name={props.name ?? props.id}
        defaultValue={props.value}
        aria-describedby={describedBy(props.id, props.hint, error)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
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
