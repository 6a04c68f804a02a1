// Form pieces the safeguarding and availability pages need beyond components.tsx: a group of
// checkboxes in a fieldset, a text area, and the weekly grid of availability windows.
import type { FormError, ViewContext } from '../view.ts';

export interface Option {
  value: string;
  label: string;
}

function FieldError({ id, error }: { id: string; error: FormError | undefined }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="error-message">
      {error.message}
    </p>
  );
}

/** Checkboxes under one legend; the first box carries the group's id, so the error summary links to it. */
export function CheckboxGroup(props: { id: string; name?: string; legend: string; hint?: string; options: Option[]; checked: readonly string[]; errors: FormError[] }) {
  const { id, options, checked } = props;
  const error = props.errors.find((e) => e.field === id);
  return (
    <fieldset className={`fieldset form-group${error ? ' form-group--error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? <div className="hint">{props.hint}</div> : null}
      <FieldError id={id} error={error} />
      <div className="checkboxes">
        {options.map((o, i) => {
          const boxId = i === 0 ? id : `${id}-${i}`;
          return (
            <div className="checkbox" key={o.value}>
              <input type="checkbox" id={boxId} name={props.name ?? id} value={o.value} defaultChecked={checked.includes(o.value)} />
              <label htmlFor={boxId}>{o.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}


export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const PART_KEYS = ['morning', 'afternoon', 'evening'] as const;

/** Monday..Sunday by morning, afternoon and evening: a table of checkboxes named "w" (value "1:morning"). */
export function WindowsGrid({ ctx, checked }: { ctx: ViewContext; checked: { weekday: number; part: string }[] }) {
  const { t } = ctx;
  const on = new Set(checked.map((w) => `${w.weekday}:${w.part}`));
  return (
    <table className="table windows">
      <caption className="visually-hidden">{t('availability.gridCaption')}</caption>
      <thead>
        <tr>
          <td />
          {PART_KEYS.map((part) => (
            <th scope="col" key={part}>
              {t(`availability.part.${part}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {WEEKDAY_KEYS.map((day, i) => (
          <tr key={day}>
            <th scope="row">{t(`availability.day.${day}`)}</th>
            {PART_KEYS.map((part) => {
              const value = `${i + 1}:${part}`;
              const id = `w-${i + 1}-${part}`;
              return (
                <td key={part}>
                  <input type="checkbox" id={id} name="w" value={value} defaultChecked={on.has(value)} />
                  <label htmlFor={id} className="visually-hidden">
                    {`${t(`availability.day.${day}`)} ${t(`availability.part.${part}`)}`}
                  </label>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
