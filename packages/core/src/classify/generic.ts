// Classification of tools that no parser handles: the annotations the server declared in tools/list, then the
// words of the tool's name, then a default. Targets come from argument names that conventionally hold
// paths, repositories, URLs or ids.
import type { Classification, Observation, RiskLevel, SessionContext, Target, ToolDefinition } from '../types.js';
import { nameWords, pathTargets, stringListArgument } from './args.js';
import type { Arguments } from './args.js';
import { normalizePath } from '../targets.js';
import { emptyDraft, finish } from './result.js';

const PATH_ARGUMENTS = ['path', 'paths', 'file', 'files', 'file_path', 'filePath', 'filename', 'directory', 'dir', 'source', 'destination', 'target_path', 'notebook_path'];
const REPOSITORY_ARGUMENTS = ['repo_path', 'repoPath', 'repository'];
const URL_ARGUMENTS = ['url', 'uri', 'urls'];
const ID_ARGUMENTS = ['id', 'ids', 'name', 'names', 'key', 'keys', 'entityNames', 'uuid'];

/** Words in a tool name that mark it as destructive, with the effect verb each maps to. */
const DESTRUCTIVE_WORDS: Record<string, string> = {
  delete: 'delete',
  del: 'delete',
  remove: 'delete',
  rm: 'delete',
  erase: 'delete',
  wipe: 'delete',
  purge: 'delete',
  destroy: 'delete',
  unlink: 'delete',
  drop: 'drop',
  truncate: 'truncate',
  reset: 'reset',
  overwrite: 'overwrite',
  force: 'force',
  clear: 'delete',
  prune: 'delete',
  empty: 'delete',
  discard: 'delete',
  flush: 'delete',
  nuke: 'delete',
  uninstall: 'delete',
  unpublish: 'delete',
  terminate: 'delete',
  kill: 'delete',
};

/** Words in a tool name that mark it as a read, with the investigative effect each gives. */
const READ_WORDS: Record<string, 'list' | 'read'> = {
  list: 'list',
  ls: 'list',
  search: 'list',
  find: 'list',
  tree: 'list',
  browse: 'list',
  get: 'read',
  read: 'read',
  show: 'read',
  view: 'read',
  describe: 'read',
  info: 'read',
  stat: 'read',
  status: 'read',
  fetch: 'read',
  cat: 'read',
  open: 'read',
  inspect: 'read',
  count: 'read',
};

/** Extracts the targets a tool's arguments name, by the conventional argument names. */
export function argumentTargets(tool: string, args: Arguments, context: SessionContext, server?: string): Target[] {
  const targets: Target[] = pathTargets(args, context, ...PATH_ARGUMENTS);

  for (const repository of stringListArgument(args, ...REPOSITORY_ARGUMENTS)) {
    targets.push({ kind: 'git', id: normalizePath(repository, context) });
  }
  for (const url of stringListArgument(args, ...URL_ARGUMENTS)) targets.push(urlTarget(url));

  const kind = resourceKind(tool);
  for (const id of stringListArgument(args, ...ID_ARGUMENTS)) {
    targets.push({ kind: 'resource', id: `${server ?? 'default'}:${kind}:${id}` });
  }
  if (targets.length === 0) targets.push({ kind: 'resource', id: `${server ?? 'default'}:${kind}` });
  return targets;
}

/** The annotation fallback: returns undefined when the server declared nothing usable. */
export function classifyByAnnotations(tool: string, args: Arguments, definition: ToolDefinition | undefined, context: SessionContext, server?: string): Classification | undefined {
  const annotations = definition?.annotations;
  if (annotations === undefined) return undefined;

  const targets = argumentTargets(tool, args, context, server);
  if (annotations.readOnlyHint === true) return observeTargets(tool, targets, 'annotations');
  if (annotations.destructiveHint === true) {
    return changeTargets(targets, 'destructive', destructiveVerb(tool) ?? 'change', `${tool} is declared destructive by its server`, 'annotations');
  }
  if (annotations.readOnlyHint === false && annotations.destructiveHint === false) {
    return changeTargets(targets, 'write', 'write', `${tool} is declared a non-destructive write by its server`, 'annotations');
  }
  return undefined;
}

/** Classifies by the tool's name: destructive words first, then read words; undefined when neither matches. */
export function classifyByName(tool: string, args: Arguments, context: SessionContext, server?: string): Classification | undefined {
  const verb = destructiveVerb(tool);
  const targets = argumentTargets(tool, args, context, server);
  if (verb !== undefined) {
    return changeTargets(targets, 'destructive', verb, `${tool} is named like a destructive tool ("${verb}")`, 'name');
  }
  if (readVerb(tool) !== undefined) return observeTargets(tool, targets, 'name');
  return undefined;
}

/** Classifies an unrecognised tool as a write: it may change something, and nothing marks it destructive. */
export function classifyByDefault(tool: string, args: Arguments, context: SessionContext, server?: string): Classification {
  const targets = argumentTargets(tool, args, context, server);
  return changeTargets(targets, 'write', 'write', `${tool} is unknown and undeclared, so it is treated as a write`, 'default');
}

export function destructiveVerb(tool: string): string | undefined {
  for (const word of nameWords(tool)) {
    const verb = DESTRUCTIVE_WORDS[word];
    if (verb !== undefined) return verb;
  }
  return undefined;
}

function readVerb(tool: string): 'list' | 'read' | undefined {
  const words = nameWords(tool);
  const first = words[0];
  return first === undefined ? undefined : READ_WORDS[first];
}

function observeTargets(tool: string, targets: Target[], source: Classification['source']): Classification {
  const kindOfRead = readVerb(tool) ?? 'read';
  const observations: Observation[] = targets.map((target) => ({ effect: observationEffect(target, kindOfRead), target }));
  const draft = emptyDraft();
  draft.observations.push(...observations);
  return finish(draft, source);
}

function observationEffect(target: Target, kindOfRead: 'list' | 'read'): string {
  switch (target.kind) {
    case 'path':
      return kindOfRead === 'list' ? 'fs.list' : 'fs.read';
    case 'git':
      return 'git.status';
    default:
      return kindOfRead === 'list' ? 'resource.list' : 'resource.read';
  }
}

function changeTargets(targets: Target[], level: RiskLevel, verb: string, reason: string, source: Classification['source']): Classification {
  const draft = emptyDraft();
  const byDomain = new Map<string, Target[]>();
  for (const target of targets) {
    let domain = 'resource';
    if (target.kind === 'path') domain = 'fs';
    if (target.kind === 'git') domain = 'git';
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), target]);
  }
  for (const [domain, domainTargets] of byDomain) {
    draft.findings.push({ level, effect: effectFor(domain, level, verb), reason, targets: domainTargets });
  }
  draft.writes.push(...targets);
  return finish(draft, source);
}

/** Maps a name verb onto the effect ids the file and git classifiers use, so one rule matches both. */
function effectFor(domain: string, level: RiskLevel, verb: string): string {
  if (domain === 'fs') {
    // Not `fs.write`: that id means the call wrote the whole file, which makes the file the session's own.
    if (level === 'write') return 'fs.modify';
    return verb === 'delete' || verb === 'truncate' ? `fs.${verb}` : 'fs.overwrite';
  }
  if (domain === 'git') return level === 'write' ? 'git.write' : 'git.change';
  return `resource.${verb}`;
}

/** Derives the kind of resource a tool acts on from the nouns in its name: `delete_messages` → `message`. */
function resourceKind(tool: string): string {
  const nouns = nameWords(tool).filter((word) => DESTRUCTIVE_WORDS[word] === undefined && READ_WORDS[word] === undefined && !['create', 'add', 'update', 'set', 'put', 'write', 'send', 'archive', 'move', 'edit', 'by', 'all', 'many', 'one'].includes(word));
  const noun = nouns[nouns.length - 1] ?? 'item';
  return singular(noun);
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses') || word.endsWith('xes')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}

function urlTarget(url: string): Target {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(url.trim());
  if (match === null) return { kind: 'url', id: url.trim() };
  return { kind: 'url', id: `${(match[1] ?? '').toLowerCase()}${(match[2] ?? '').toLowerCase()}${match[3] ?? ''}` };
}
