// The interface between the engine and the classifiers: what a call does, and which calls would
// investigate a target. Classifiers are pure: they parse arguments, they never touch the file system.
import type { Classification, SessionContext, SuggestedCall, Target, ToolDefinition } from '../types.js';

export interface ClassifyInput {
  tool: string;
  /** Parsed arguments; classifiers treat anything that is not an object as empty. */
  arguments: Record<string, unknown>;
  /** The definition from the server's tools/list, when known. */
  definition?: ToolDefinition;
  context: SessionContext;
  server?: string;
}

/** Turns a call into a classification. Implemented by `classifyCall` in `classify/index.ts`. */
export type ClassifyCall = (input: ClassifyInput) => Classification;

export interface SuggestInput {
  target: Target;
  /** Investigative effects, any of which would do. */
  effects: string[];
  /** The tools this session has, with their server-declared annotations. */
  tools: ToolDefinition[];
  context: SessionContext;
  /** For `sql.count`/`sql.select`: the normalised WHERE condition the count must use. */
  condition?: string;
  /** The risky effect the investigation is for (`infra.destroy`), when the caller knows it. */
  forEffect?: string;
}

/** Proposes calls with the session's own tools that would satisfy an investigation, best first. */
export type SuggestInvestigations = (input: SuggestInput) => SuggestedCall[];

/** What an investigative call's result showed, for the hold text and the "nothing at stake" check. */
export interface ObservationSummary {
  /** One line: "the folder holds 2,229 files, 3 of them modified in the last hour". */
  summary: string;
  /** False when the result shows nothing to lose: the target does not exist, or the folder is empty. */
  atStake: boolean;
}

/** Reads an investigative call's result text. Implemented by `summarizeObservation`. */
export type SummarizeObservation = (input: {
  effect: string;
  target: Target;
  resultText: string;
  isError: boolean;
}) => ObservationSummary;
