// Feeds one recorded session to the guard in order and records its decision on every call. The recorded
// result of each call follows as if the call had run, held or not, so later decisions see what the
// recorded agent saw.
import type { Decision, JournalEntry, MissingInvestigation, ReminderFact, Target } from '@lookout/core';
import type { Transcript, TranscriptStep } from '@lookout/core/node';

import type { CallReport, EngineProblem, GuardSession, OpenGuardSession, ReportedFact, ReportedMissing, SessionReport } from './types.js';

/** Replays one transcript through a fresh guard session. */
export function replayTranscript(transcript: Transcript, openSession: OpenGuardSession): SessionReport {
  const session = openSession(transcript);
  const calls: CallReport[] = [];
  const engineProblems: EngineProblem[] = [];

  for (const step of transcript.steps) {
    const call = feedStep(session, step, engineProblems);
    if (call !== undefined) calls.push(call);
  }

  const end = session.handle({ type: 'end' });
  if (!end.ok) engineProblems.push({ at: {}, code: end.error.code, message: end.error.message });

  return buildReport(transcript, calls, engineProblems);
}

function feedStep(session: GuardSession, step: TranscriptStep, problems: EngineProblem[]): CallReport | undefined {
  if (step.cwd !== undefined) session.setContext?.({ cwd: step.cwd });
  const result = session.handle(step.event);

  if (!result.ok) {
    problems.push({ at: step.at, code: result.error.code, message: result.error.message });
    if (step.event.type !== 'tool_call') return undefined;
    return { ...emptyCall(step), verdict: 'error', message: `${result.error.code}: ${result.error.message}` };
  }

  if (step.event.type !== 'tool_call') return undefined;
  const callId = step.event.id;
  if (result.decision === undefined) {
    problems.push({ at: step.at, code: 'LOOKOUT_REPLAY_NO_DECISION', message: `the engine returned no decision for call "${callId}".` });
    return { ...emptyCall(step), verdict: 'error', message: 'the engine returned no decision' };
  }

  const intercept = result.journal.find((entry): entry is InterceptEntry => entry.event === 'intercept' && entry.id === callId);
  const report = reportDecision(step, result.decision, intercept);
  const ruleMessage = report.ruleId === undefined ? undefined : session.ruleMessage?.(report.ruleId);
  return report.message === undefined && ruleMessage !== undefined ? { ...report, message: ruleMessage } : report;
}

type InterceptEntry = Extract<JournalEntry, { event: 'intercept' }>;

function emptyCall(step: TranscriptStep): CallReport {
  const event = step.event.type === 'tool_call' ? step.event : undefined;
  return {
    id: event?.id ?? '',
    tool: event?.tool ?? '',
    ...(step.recordedTool === undefined ? {} : { recordedTool: step.recordedTool }),
    verdict: 'error',
    reasons: [],
    modes: [],
    targets: [],
    effects: [],
    facts: [],
    missing: [],
    at: step.at,
  };
}

/**
 * Reports what the guard decided. In log-only mode (how replay runs) a call the guard would have stopped
 * comes back allowed with `wouldBlock`, and its intercept record carries the modes and facts.
 */
function reportDecision(step: TranscriptStep, decision: Decision, intercept: InterceptEntry | undefined): CallReport {
  const { classification } = decision;
  const base: CallReport = {
    ...emptyCall(step),
    verdict: 'allow',
    level: classification.level,
    targets: uniqueTargets(classification.findings.flatMap((finding) => finding.targets)),
    effects: [...new Set(classification.findings.map((finding) => finding.effect))],
  };
  const fromIntercept = {
    modes: [...(intercept?.modes ?? [])],
    facts: (intercept?.facts ?? []).map(({ id, text, tokensSinceSeen }) => ({ id, text, tokensSinceSeen })),
    missing: (intercept?.missing ?? []).map((missing) => ({ target: targetLabel(missing.target), effects: [...missing.effects], why: missing.why, description: '' })),
    ...(intercept?.ruleId === undefined ? {} : { ruleId: intercept.ruleId }),
  };

  switch (decision.kind) {
    case 'allow': {
      const blocked = decision.basis.includes('log_only') ? decision.wouldBlock : undefined;
      if (blocked === undefined) return base;

      const held = decision.wouldHold;
      return {
        ...base,
        ...fromIntercept,
        verdict: blocked.kind,
        reasons: [...blocked.reasons],
        ...(held === undefined ? {} : { modes: [...held.modes], facts: held.facts.map(reportFact), missing: reportMissingList(held.missing) }),
        ...(blocked.ruleId === undefined ? {} : { ruleId: blocked.ruleId }),
      };
    }
    case 'hold':
      return {
        ...base,
        verdict: 'hold',
        reasons: [...decision.reasons],
        modes: [...decision.modes],
        facts: decision.facts.map(reportFact),
        missing: reportMissingList(decision.missing),
        ...(decision.ruleId === undefined ? {} : { ruleId: decision.ruleId }),
      };
    case 'deny':
    case 'ask':
      return {
        ...base,
        verdict: decision.kind,
        reasons: [...decision.reasons],
        modes: [...decision.modes],
        facts: decision.facts.map(reportFact),
        ruleId: decision.ruleId,
        message: decision.message,
      };
  }
}

function reportFact(fact: ReminderFact): ReportedFact {
  return { id: fact.id, text: fact.text, tokensSinceSeen: fact.tokensSinceSeen };
}

/** Reports each missing investigation once: requirements from several presets can name the same one. */
function reportMissingList(list: MissingInvestigation[]): ReportedMissing[] {
  const seen = new Set<string>();
  return list.map(reportMissing).filter((missing) => {
    const key = `${missing.target} ${missing.why} ${[...missing.effects].sort().join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function reportMissing(missing: MissingInvestigation): ReportedMissing {
  const suggestion = missing.suggestions[0];
  return {
    target: targetLabel(missing.target),
    effects: [...missing.effects],
    why: missing.why,
    description: missing.description,
    ...(suggestion === undefined ? {} : { suggestion: `${suggestion.tool} ${JSON.stringify(suggestion.arguments)}` }),
  };
}

function buildReport(transcript: Transcript, calls: CallReport[], engineProblems: EngineProblem[]): SessionReport {
  const count = (verdict: CallReport['verdict']): number => calls.filter((call) => call.verdict === verdict).length;

  return {
    file: transcript.file,
    id: transcript.id,
    format: transcript.format,
    ...(transcript.summary === undefined ? {} : { summary: transcript.summary }),
    counts: {
      calls: calls.length,
      allowed: count('allow'),
      held: count('hold'),
      denied: count('deny'),
      asked: count('ask'),
      errors: count('error'),
    },
    intercepted: calls.filter((call) => call.verdict !== 'allow'),
    verdicts: Object.fromEntries(calls.map((call) => [call.id, call.verdict])),
    engineProblems,
    skipped: transcript.skipped,
  };
}

function uniqueTargets(targets: Target[]): string[] {
  return [...new Set(targets.map(targetLabel))];
}

function targetLabel(target: Target): string {
  return `${target.kind}:${target.id}`;
}
