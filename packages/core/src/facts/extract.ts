// Rule-based extraction of safety facts, without a model. From user and system messages: sentences that
// state a constraint ("don't", "never", "only", "read-only", "leave … alone", "until I've confirmed").
// From tool results: warnings in README, AGENTS.md and CLAUDE.md files, and production markers.
import { pathTarget } from '../targets.js';
import type { SessionContext, Target } from '../types.js';

export interface ExtractedFact {
  text: string;
  /** Paths the statement names; a fact without targets is global. */
  targets: Target[];
}

/** Words and phrases that make a sentence a constraint rather than a request or a remark. */
const CONSTRAINT = new RegExp(
  [
    String.raw`\b(?:don['’]?t|do not|never|must not|mustn['’]?t|should not|shouldn['’]?t|may not|cannot|can['’]?t|not allowed|is not to be)\b`,
    String.raw`\b(?:only|freeze|frozen|production|read[- ]only|untouched|intact|off[- ]limits|hands off)\b`,
    String.raw`\bleave\b.{0,60}\b(?:alone|as it is|as is|in place)\b`,
    String.raw`\b(?:must|should|has to|have to) (?:stay|remain|be kept)\b`,
    String.raw`\buntil (?:i|we|you)\b`,
    String.raw`\b(?:without|before) (?:asking|my|our|confirm|approval|permission|checking with)\b`,
    String.raw`\bask (?:me|us) (?:first|before)\b|\bcheck with (?:me|us)\b`,
    String.raw`\bwait for (?:me|my|our|us)\b`,
    String.raw`\bno (?:deletes?|deletions?|deleting|writes?|changes|pushes|force)\b`,
    String.raw`\bhold off\b`,
    String.raw`\b(?:avoid|refrain from|stay away from|no touching|under no circumstances|not to)\b`,
    String.raw`\b(?:keep|leave)\b.{0,60}\b(?:where (?:it|they) (?:is|are)|as (?:it|they) (?:is|are)|intact|untouched)\b`,
    String.raw`\b(?:is|are) shared\b|\bshared (?:with|by)\b`,
  ].join('|'),
  'i',
);

/** A sentence that starts by pointing back ("It is read-only") needs the sentence before it to make sense. */
const POINTS_BACK = /^(?:it|this|that|they|these|those|there|them)\b/i;

/** Files whose warnings are hazards for whoever works in the folder. */
const GUIDANCE_FILE = /(?:^|\/)(?:readme|agents|claude|gemini|contributing|copilot-instructions|warning|danger)(?:\.[a-z]+)?$/i;

const WARNING = /\b(?:warning|caution|danger|important|do not|don['’]?t|never|must not|production|irreversible|destroys?|deletes? everything)\b/i;

/** `env: production`, `NODE_ENV=production`, `"stage": "prod"`: a result that says it is production. */
const PRODUCTION_MARKER =
  /\b(?:env|environment|stage|tier|node_env|rails_env|app_env|deployment|profile)\b["']?\s*[:=]\s*["']?(?:prod|production|live)\b/i;

// A folder named with a trailing slash ("data/") counts too, as prose often names folders that way.
const PATH_IN_TEXT = /(?:^|[\s`'"(])((?:~|\.{1,2})?\/[\w.@%+~\/-]*[\w/]|[\w.-]+\/(?:[\w.@%+~\/-]*[\w/])?)/g;

/** Slash-joined word pairs that prose uses and that are not paths. */
const WORD_PAIRS = new Set(['and/or', 'either/or', 'read/write', 'on/off', 'yes/no', 'input/output', 'true/false', 'client/server', 'he/she', 'his/her', 'w/o']);

const MAX_FACT_LENGTH = 400;
const MAX_FACTS_PER_TEXT = 8;
const MAX_HAZARDS_PER_RESULT = 3;

/**
 * Extracts the constraint sentences of a user or system message.
 * NOTE: rule-based: a constraint phrased without any of the marker words ("keep the old invoices where
 * they are") is missed; the policy's `facts` or an agent note are the way to declare such a fact.
 */
export function extractConstraints(text: string, context: SessionContext): ExtractedFact[] {
  const sentences = splitSentences(text);
  const facts: ExtractedFact[] = [];
  for (let index = 0; index < sentences.length && facts.length < MAX_FACTS_PER_TEXT; index += 1) {
    const sentence = sentences[index] as string;
    if (!CONSTRAINT.test(sentence)) continue;

    const previous = sentences[index - 1];
    const statement = POINTS_BACK.test(sentence) && previous !== undefined ? `${previous} ${sentence}` : sentence;
    facts.push({ text: clip(statement), targets: pathsInText(statement, context) });
  }
  return facts;
}

/**
 * Extracts hazards from a tool result: warning lines of guidance files (README, AGENTS.md, CLAUDE.md) the
 * call read, and lines that mark an environment as production. `callTargets` are what the call looked at.
 */
export function extractHazards(text: string, callTool: string, callTargets: Target[], context: SessionContext): ExtractedFact[] {
  const facts: ExtractedFact[] = [];
  const readsGuidance = callTargets.some((target) => target.kind === 'path' && GUIDANCE_FILE.test(target.id));

  if (readsGuidance) {
    for (const sentence of splitSentences(text)) {
      if (facts.length >= MAX_HAZARDS_PER_RESULT) break;
      if (WARNING.test(sentence)) facts.push({ text: clip(sentence), targets: pathsInText(sentence, context) });
    }
  }

  for (const line of text.split('\n')) {
    if (facts.length >= MAX_HAZARDS_PER_RESULT) break;
    if (!PRODUCTION_MARKER.test(line)) continue;
    const where = callTargets.map((target) => target.id).join(', ') || callTool;
    facts.push({ text: clip(`${where} is marked as production: "${line.trim()}"`), targets: callTargets });
  }
  return facts;
}

/** Splits text into sentences and list items, dropping markdown bullets and headings. */
export function splitSentences(text: string): string[] {
  const result: string[] = [];
  for (const line of text.split(/\n+/)) {
    const cleaned = line.replace(/^\s*(?:[-*+>#]+|\d+[.)])\s*/, '').trim();
    if (cleaned.length === 0) continue;
    for (const sentence of cleaned.split(/(?<=[.!?])\s+(?=[A-Z`"'(])/)) {
      const trimmed = sentence.trim();
      if (trimmed.length > 0) result.push(trimmed);
    }
  }
  return result;
}

/** Finds the paths a text names, resolved against the session's working directory. */
export function pathsInText(text: string, context: SessionContext): Target[] {
  const targets: Target[] = [];
  for (const match of text.matchAll(PATH_IN_TEXT)) {
    const raw = match[1];
    if (raw === undefined || /^https?:/i.test(raw) || raw.includes('://')) continue;
    if (WORD_PAIRS.has(raw.toLowerCase())) continue;
    targets.push(pathTarget(raw, context));
  }
  return targets;
}

function clip(text: string): string {
  return text.length > MAX_FACT_LENGTH ? `${text.slice(0, MAX_FACT_LENGTH - 1)}…` : text;
}
