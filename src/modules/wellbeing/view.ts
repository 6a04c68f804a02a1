// A check-in as the API and the pages show it (to the member and to staff of their timebank).
import type { checkinsOfPerson } from './queries.ts';

export type CheckinRow = Awaited<ReturnType<typeof checkinsOfPerson>>[number];

export function checkinView(r: CheckinRow) {
  return {
    id: r.id,
    timebankName: r.timebank_name,
    wave: r.wave,
    status: r.status,
    answeredOn: r.answered_on,
    method: r.method,
    help: r.help,
    recordedByName: r.recorded_by_name,
    answers: {
      lifeSatisfaction: r.life_satisfaction,
      worthwhile: r.worthwhile,
      happiness: r.happiness,
      anxiety: r.anxiety,
      lonelyDirect: r.lonely_direct,
      lackCompanionship: r.lack_companionship,
      leftOut: r.left_out,
      isolated: r.isolated,
      belonging: r.belonging,
      favours: r.favours,
    } as Record<string, number | string | null>,
    signpost: r.signpost,
    signpostingOutcome: r.signposting_outcome,
  };
}
