// Statistical disclosure control: the one place any commissioner-visible or public figure is
// made safe to publish. Pure functions; see docs/reports.md, "Suppression method".
//
//   primary(n, threshold)          one count (0 and ≥ threshold published)
//   protectList(list, threshold)   a list with its total: primary + one complement
//   protectTable(table, threshold) a table with row/column totals: primary + secondary
//   protectLinked(a, b, threshold) two tables sharing a margin, protected jointly
//   mean(sum, people)              no mean over fewer than 10 people
//   methodStatement(rules, 'en')   the text each report carries
//   validateRules / strictest      thresholds a timebank or network sets
export {
  determinedEntries,
  type LinearView,
  subtractionAttack,
  viewOfList,
  viewOfTable,
} from './attack.ts';
export { type MethodLocale, methodStatement, SUPPRESSED_MARKER } from './method.ts';
export {
  assertThreshold,
  type Cell,
  DEFAULT_RULES,
  type DisclosureRules,
  hidden,
  mean,
  primary,
  published,
  RULE_RANGES,
  type SuppressionReason,
  strictest,
  validateRules,
} from './rules.ts';
export {
  type ListInput,
  type ProtectedList,
  type ForcedMargins,
  type ProtectedTable,
  protectLinked,
  protectList,
  protectTable,
  type TableInput,
} from './tables.ts';
