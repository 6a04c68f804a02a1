// Islands: server-rendered components that the browser hydrates. The server writes the
// component's HTML inside <div data-island="NAME"> and its props as JSON in
// <script type="application/json" data-island-props="NAME">.
export const ISLAND_SCRIPT_PREFIX = '/assets/js/';

/** JSON safe to put inside a <script> element. */
export function islandPropsJson(props: unknown): string {
  return JSON.stringify(props).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function readIslandProps<T>(name: string): T | null {
  const el = document.querySelector(`script[data-island-props="${name}"]`);
  return el?.textContent ? (JSON.parse(el.textContent) as T) : null;
}
