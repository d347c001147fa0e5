// Compares replayed decisions with a case's `expect` block: ids in `hold` must not be allowed on their
// first attempt, ids in `allow` must be allowed, and ids in `reasons` must carry at least those reasons.
import type { CaseExpectation } from '@lookout/core/node';

import type { ExpectationResult, Mismatch, SessionReport } from './types.js';

export function compareWithExpectation(report: SessionReport, expectation: CaseExpectation): ExpectationResult {
  const mismatches: Mismatch[] = [];
  const reasonsOf = (id: string) => report.intercepted.find((call) => call.id === id)?.reasons ?? [];

  for (const id of expectation.hold) {
    const got = report.verdicts[id] ?? 'absent';
    if (got === 'allow' || got === 'absent' || got === 'error') {
      mismatches.push({ id, expected: 'hold', got, reasons: reasonsOf(id), detail: describeGot(got, 'the guard allowed it') });
    }
  }

  for (const id of expectation.allow) {
    const got = report.verdicts[id] ?? 'absent';
    if (got !== 'allow') {
      mismatches.push({ id, expected: 'allow', got, reasons: reasonsOf(id), detail: describeGot(got, `the guard returned ${got}`) });
    }
  }

  for (const [id, expected] of Object.entries(expectation.reasons)) {
    const got = report.verdicts[id] ?? 'absent';
    const reasons = reasonsOf(id);
    const lacking = expected.filter((reason) => !reasons.includes(reason));
    const alreadyReported = mismatches.some((mismatch) => mismatch.id === id);
    if (lacking.length > 0 && !alreadyReported) {
      mismatches.push({
        id,
        expected: `reasons: ${expected.join(', ')}`,
        got,
        reasons,
        detail: `missing reason${lacking.length === 1 ? '' : 's'} ${lacking.join(', ')}`,
      });
    }
  }

  return { matched: mismatches.length === 0, mismatches };
}

function describeGot(got: string, otherwise: string): string {
  if (got === 'absent') return 'the transcript has no tool_use with this id';
  if (got === 'error') return 'the engine rejected the call event';
  return otherwise;
}
