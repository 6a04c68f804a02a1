// Form pieces the joining pages need beyond components.tsx: a single checkbox,
// radios in a fieldset (GOV.UK patterns; the error sits by the field, linked by id).
import { describedBy, ErrorMessage } from '../components.tsx';
import type { FormError } from '../view.ts';

interface Base {
  id: string;
  label: string;
  hint?: string | undefined;
  errors: FormError[];
}


/** The hint and the error message of a field whose label is not a plain label. */
export function HintAndError({ id, hint, error }: { id: string; hint: string | undefined; error: FormError | undefined }) {
  return (
    <>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`} message={error.message} /> : null}
    </>
  );
}

/** One checkbox whose label says what ticking it means (consent). Sends "yes". */
export function Checkbox(props: Base & { checked?: boolean }) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <HintAndError id={props.id} hint={props.hint} error={error} />
      <input
        type="checkbox"
        id={props.id}
        name={props.id}
        value="yes"
        defaultChecked={props.checked}
        aria-describedby={describedBy(props.id, props.hint, error)}
      />{' '}
      <label className="label--inline" htmlFor={props.id}>
        {props.label}
      </label>
    </div>
  );
}

/** Radios in a fieldset; the first radio carries the id the error summary links to. */
export function Radios(props: Base & { options: { value: string; label: string }[]; value?: string | undefined }) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(props.id, props.hint, error)}>
        <legend>{props.label}</legend>
        <HintAndError id={props.id} hint={props.hint} error={error} />
        {props.options.map((o, i) => (
          <div key={o.value}>
            <input type="radio" id={i === 0 ? props.id : `${props.id}-${o.value}`} name={props.id} value={o.value} defaultChecked={props.value === o.value} />{' '}
            <label className="label--inline" htmlFor={i === 0 ? props.id : `${props.id}-${o.value}`}>
              {o.label}
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}
