// Browser entry: hydrates the member search island.
import { hydrateRoot } from 'react-dom/client';
import { readIslandProps } from './islands.ts';
import { MemberSearch, type MemberSearchProps } from './member-search.tsx';

const root = document.querySelector('[data-island="member-search"]');
const props = readIslandProps<MemberSearchProps>('member-search');
if (root && props) hydrateRoot(root, <MemberSearch {...props} />);
