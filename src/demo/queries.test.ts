import { describe, expect, it } from 'vitest';
import { childrenFirst } from './queries.ts';

describe('childrenFirst', () => {
  it('puts every table before the tables it references', () => {
    const edges = [
      { child: 'member', parent: 'person' },
      { child: 'member', parent: 'timebank' },
      { child: 'person', parent: 'network' },
      { child: 'timebank', parent: 'network' },
      { child: 'transfer', parent: 'account' },
      { child: 'account', parent: 'member' },
    ];
    const order = childrenFirst(
      ['network', 'person', 'timebank', 'member', 'account', 'transfer'],
      edges,
    );
    for (const e of edges) expect(order.indexOf(e.child)).toBeLessThan(order.indexOf(e.parent));
    expect(order).toHaveLength(6);
  });

  it('refuses a cycle rather than loop', () => {
    expect(() =>
      childrenFirst(
        ['a', 'b'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toThrow(/cycle/);
  });
});
