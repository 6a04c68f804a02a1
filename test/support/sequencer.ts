// The order test files start in: the few long ones first, so the run does not end with one
// worker busy on the authorization matrix while the others idle. Vitest orders by the last
// run's durations when it has them; a clean checkout (CI) has none and would start the long
// files last, as they are small on disk. Within each group, vitest's own order.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest files, slowest first (durations of a CI run on 2 cores). */
const SLOW_FIRST = [
  'test/authz/matrix.test.ts',
  'test/load/crash.test.ts',
  'src/cli/cli.test.ts',
  'src/cli/backup.test.ts',
  'src/db/durability.test.ts',
  'src/demo/create.test.ts',
  'src/demo/history.test.ts',
  'test/load/bank.test.ts',
];

const rank = (file: TestSpecification) => {
  const path = file.moduleId.replaceAll('\\', '/');
  const i = SLOW_FIRST.findIndex((slow) => path.endsWith(`/${slow}`));
  return i === -1 ? SLOW_FIRST.length : i;
};

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map((x) => x.file);
  }
}
