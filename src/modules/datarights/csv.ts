// CSV files of the archive that need more than one line of code.
import type { viewsOf } from '../safeguarding/queries.ts';
import { toCsv } from './archive.ts';

export function safeguardingViewsCsv(views: Awaited<ReturnType<typeof viewsOf>>): string {
  return toCsv(['at', 'viewer', 'timebank', 'view', 'check_id'], views.map((v) => [v.at, v.viewer_name, v.timebank_name, v.view, v.check_id]));
}
