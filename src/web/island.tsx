// Renders a hydrated island: the component's HTML, its props as JSON, and its script.
// Pages without islands ship no JavaScript at all.
import type { ComponentType } from 'react';
import { ISLAND_SCRIPT_PREFIX, islandPropsJson } from '../client/islands.ts';

export function Island<P extends object>({ name, Component, props }: { name: string; Component: ComponentType<P>; props: P }) {
  return (
    <>
      <div data-island={name}>
        <Component {...props} />
      </div>
      <script
        type="application/json"
        data-island-props={name}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON escaped for a script element (no "<", U+2028, U+2029)
        dangerouslySetInnerHTML={{ __html: islandPropsJson(props) }}
      />
      <script type="module" src={`${ISLAND_SCRIPT_PREFIX}${name}.js`} />
    </>
  );
}
