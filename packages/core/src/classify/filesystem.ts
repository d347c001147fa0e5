// The reference filesystem server's tools (@modelcontextprotocol/server-filesystem): which paths each
// tool reads, lists, writes or moves, and how much it can lose.
import { parentTarget } from '../targets.js';
import type { Classification, SessionContext, Target } from '../types.js';
import { booleanArgument, pathTargets } from './args.js';
import type { Arguments } from './args.js';
import { emptyDraft, finish, readOnly } from './result.js';

type FileToolClassifier = (args: Arguments, context: SessionContext) => Classification;

const observe =
  (effect: string, ...names: string[]): FileToolClassifier =>
  (args, context) =>
    readOnly(
      pathTargets(args, context, ...names).map((target) => ({ effect, target })),
      'structured',
    );

/** Tool name → classifier, for the reference server's tools and the same names on look-alike servers. */
const FILE_TOOLS: Record<string, FileToolClassifier> = {
  read_file: observe('fs.read', 'path'),
  read_text_file: observe('fs.read', 'path'),
  read_media_file: observe('fs.read', 'path'),
  read_multiple_files: observe('fs.read', 'paths'),
  list_directory: observe('fs.list', 'path'),
  list_directory_with_sizes: observe('fs.list', 'path'),
  directory_tree: observe('fs.list', 'path'),
  // A search shows only the names that match its pattern, so it is weaker evidence than a listing.
  search_files: observe('fs.search', 'path'),
  get_file_info: observe('fs.stat', 'path'),
  list_allowed_directories: () => readOnly([], 'structured'),
  write_file: classifyWriteFile,
  edit_file: classifyEditFile,
  create_directory: classifyCreateDirectory,
  move_file: classifyMoveFile,
};

/** Classifies a call to one of the filesystem server's tools, or returns undefined for other tools. */
export function classifyFileTool(tool: string, args: Arguments, context: SessionContext): Classification | undefined {
  const classifier = FILE_TOOLS[tool];
  return classifier === undefined ? undefined : classifier(args, context);
}

export function isFileTool(tool: string): boolean {
  return Object.hasOwn(FILE_TOOLS, tool);
}

function classifyWriteFile(args: Arguments, context: SessionContext): Classification {
  const draft = emptyDraft();
  for (const target of pathTargets(args, context, 'path')) {
    draft.findings.push({
      level: 'destructive',
      effect: 'fs.overwrite',
      reason: `write_file replaces ${target.id} if it exists`,
      targets: [target],
    });
    draft.writes.push(target);
    pushParent(draft.dependsOn, target);
  }
  return finish(draft, 'structured');
}

function classifyEditFile(args: Arguments, context: SessionContext): Classification {
  const targets = pathTargets(args, context, 'path');
  if (booleanArgument(args, 'dryRun') === true) {
    return readOnly(targets.map((target) => ({ effect: 'fs.read', target })), 'structured');
  }

  // An edit only changes text the agent quoted exactly, so it cannot lose what the agent never saw.
  const draft = emptyDraft();
  for (const target of targets) {
    draft.findings.push({ level: 'write', effect: 'fs.edit', reason: `edit_file changes text in ${target.id}`, targets: [target] });
    draft.writes.push(target);
  }
  return finish(draft, 'structured');
}

function classifyCreateDirectory(args: Arguments, context: SessionContext): Classification {
  const draft = emptyDraft();
  for (const target of pathTargets(args, context, 'path')) {
    draft.findings.push({ level: 'write', effect: 'fs.mkdir', reason: `create_directory creates ${target.id}`, targets: [target] });
    // create_directory also succeeds when the folder exists, so success does not make the folder the session's.
    draft.ensures.push(target);
    draft.writes.push(target);
  }
  return finish(draft, 'structured');
}

function classifyMoveFile(args: Arguments, context: SessionContext): Classification {
  const draft = emptyDraft();
  const sources = pathTargets(args, context, 'source');
  const destinations = pathTargets(args, context, 'destination');
  const targets = [...sources, ...destinations];
  if (targets.length === 0) return finish(draft, 'structured');

  const from = sources.map((target) => target.id).join(', ') || 'an unnamed source';
  const to = destinations.map((target) => target.id).join(', ') || 'an unnamed destination';
  draft.findings.push({
    level: 'destructive',
    effect: 'fs.move',
    // The reference server refuses an existing destination, but the source leaves its place either way.
    reason: `move_file moves ${from} to ${to}`,
    targets,
  });
  draft.writes.push(...targets);
  for (const destination of destinations) pushParent(draft.dependsOn, destination);
  return finish(draft, 'structured');
}

function pushParent(list: Target[], target: Target): void {
  const parent = parentTarget(target);
  if (parent !== undefined) list.push(parent);
}
