// Opens an engine session per transcript with the policy replay chose for it. The session runs in
// log-only mode, so every call "runs" after its decision: the recorded result then updates the guard's
// state as it updated the agent's, and the decision the guard would have made is in `wouldBlock`.
import { createSession, resolvePolicy, type NamedPolicyInput, type PolicyInput, type ResolvedPolicy } from '@lookout/core';
import type { Transcript } from '@lookout/core/node';

import type { GuardSession, OpenGuardSession } from './types.js';

export interface SessionOpenerOptions {
  /** A policy file's input, named by its path; sessions without an inline policy run on it. */
  policy?: NamedPolicyInput;
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
 * Returns a function that opens a session for a transcript. A case's inline policy is merged on top of the
 * `--policy` file when both are given; `policy: null` and other formats run on the file alone, or on the
 * default preset without one.
 */
export function createSessionOpener(options: SessionOpenerOptions): OpenGuardSession {
  const base: NamedPolicyInput[] = options.policy === undefined ? [] : [options.policy];
  let shared: ResolvedPolicy | undefined;

  const policyFor = (transcript: Transcript): ResolvedPolicy => {
    const inline = transcript.policy ?? undefined;
    if (inline === undefined && shared !== undefined) return shared;

    const inputs: NamedPolicyInput[] = inline === undefined ? base : [...base, { name: `${transcript.file} (inline policy)`, input: inline }];
    const result = resolvePolicy(inputs.length === 0 ? {} : inputs, options.loadPreset);
    if (!result.ok) {
      const issues = result.error.issues.map((issue) => `${issue.path || '(top level)'}: ${issue.message}`).join('; ');
      throw new ReplayPolicyError(result.error.code, `${result.error.source}: ${result.error.message}${issues === '' ? '' : ` (${issues})`}`);
    }

    if (inline === undefined) shared = result.policy;
    return result.policy;
  };

  return (transcript: Transcript): GuardSession => {
    const policy = { ...policyFor(transcript), mode: 'log-only' as const };
    return createSession({ policy, context: transcript.context, tools: transcript.tools, id: transcript.id });
  };
}
