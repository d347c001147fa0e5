// Opens an engine session per transcript with the policy replay chose for it. The session runs in
// log-only mode, so every call "runs" after its decision: the recorded result then updates the guard's
// state as it updated the agent's, and the decision the guard would have made is in `wouldBlock`.
import { createSession, resolvePolicy, type PolicyInput, type ResolvedPolicy } from '@lookout/core';
import type { Transcript } from '@lookout/core/node';

import type { GuardSession, OpenGuardSession } from './types.js';

export interface SessionOpenerOptions {
  /** The policy for sessions that carry none of their own: a `--policy` file, or the default policy. */
  policy: ResolvedPolicy;
  /** Returns a preset's policy input by name, or undefined when there is no such preset. */
  loadPreset: (name: string) => PolicyInput | undefined;
}

/** A policy that could not be resolved; the transcript it belongs to is reported as not judged. */
export class ReplayPolicyError extends Error {
  override readonly name = 'ReplayPolicyError';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Returns a function that opens a session for a transcript. A case's inline policy is resolved on its own,
 * extending `coding-agent` unless it names other presets, because the case's expectations were written
 * against it. Every other session runs on `options.policy`.
 * NOTE: a `--policy` file is not merged into a case's inline policy; doing so needs the file's raw input,
 * which `loadPolicyFile` resolves away.
 */
export function createSessionOpener(options: SessionOpenerOptions): OpenGuardSession {
  const resolve = (input: PolicyInput, name: string): ResolvedPolicy => {
    const result = resolvePolicy([{ name, input }], options.loadPreset);
    if (result.ok) return result.policy;

    const issues = result.error.issues.map((issue) => `${issue.path || '(top level)'}: ${issue.message}`).join('; ');
    throw new ReplayPolicyError(result.error.code, `${name}: ${result.error.message}${issues === '' ? '' : ` (${issues})`}`);
  };

  const policyFor = (transcript: Transcript): ResolvedPolicy => {
    if (transcript.policy !== undefined && transcript.policy !== null) return resolve(transcript.policy, 'inline policy');
    return options.policy;
  };

  return (transcript: Transcript): GuardSession => {
    const policy = { ...policyFor(transcript), mode: 'log-only' as const };
    const session = createSession({ policy, context: transcript.context, tools: transcript.tools, id: transcript.id });
    return {
      handle: (event) => session.handle(event),
      setContext: (context) => session.setContext(context),
      ruleMessage: (ruleId) => policy.rules.find((rule) => rule.id === ruleId)?.message,
    };
  };
}
