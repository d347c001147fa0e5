// The classifiers' entry points: what a call does and to what (`classifyCall`), which calls would
// investigate a target (`suggestInvestigations`), and what an investigation's result showed
// (`summarizeObservation`). Sources are tried from the most specific to the least: parsers of what the
// call will run, known tools, the server's annotations, the tool's name, and a default.
import { normalizePath } from '../targets.js';
import type { Classification, SessionContext } from '../types.js';
import type { Arguments } from './args.js';
import type { ClassifyCall, ClassifyInput } from './types.js';
import { classifyFileTool } from './filesystem.js';
import { classifyShellCommand } from './shell/classify-shell.js';
import { classifyStructuredTool } from './structured.js';
import { quoteShellWord } from './shell/quote.js';
import { isArgumentVector, shellCommandArgument } from './tools.js';
import { classifyByAnnotations, classifyByDefault, classifyByName } from './generic.js';

export { EFFECTS, EFFECT_IDS } from './effects.js';
export type { EffectInfo } from './effects.js';
export { suggestInvestigations } from './suggest.js';
export { summarizeObservation } from './summarize.js';

export const classifyCall: ClassifyCall = (input) => {
  try {
    return classifyUnchecked(input);
  } catch (error) {
    // Classifiers parse untrusted text, and a parser bug must not take the engine down. The call is then
    // treated as a write whose reason names the failure.
    return {
      level: 'write',
      findings: [{ level: 'write', effect: 'tool.unclassified', reason: `${input.tool} could not be classified (${String(error)})`, targets: [] }],
      observations: [],
      creates: [],
      writes: [],
      dependsOn: [],
      source: 'default',
    };
  }
};

/**
 * Loads the shell parser and the PostgreSQL grammar now rather than on the first call that needs them,
 * which otherwise pays about 0.1 s (more on a loaded machine). Optional: front ends may call it once at
 * startup. Synchronous, and never throws.
 */
export function preloadClassifiers(): void {
  classifyCall({ tool: 'bash', arguments: { command: 'true' }, context: {} });
  classifyCall({ tool: 'run_sql', arguments: { sql: 'SELECT 1' }, context: {} });
}

function classifyUnchecked(input: ClassifyInput): Classification {
  const args: Arguments = typeof input.arguments === 'object' && input.arguments !== null && !Array.isArray(input.arguments) ? input.arguments : {};
  const context = input.context ?? {};

  const shellArgument = shellCommandArgument(input.tool, args, input.definition);
  if (shellArgument !== undefined) {
    const command = args[shellArgument];
    const text = isArgumentVector(command) ? command.map(quoteShellWord).join(' ') : String(command);
    return classifyShellCommand(text, shellContext(args, context));
  }

  return (
    classifyFileTool(input.tool, args, context) ??
    classifyStructuredTool(input.tool, args, input.definition, context, input.server) ??
    classifyByAnnotations(input.tool, args, input.definition, context, input.server) ??
    classifyByName(input.tool, args, context, input.server) ??
    classifyByDefault(input.tool, args, context, input.server)
  );
}

/** Shell tools that take a working folder (`cwd`, `workdir`, `directory`) run there instead of the session's. */
function shellContext(args: Arguments, context: SessionContext): SessionContext {
  for (const name of ['cwd', 'workdir', 'working_directory', 'workingDirectory', 'dir']) {
    const value = args[name];
    if (typeof value === 'string' && value.trim() !== '') return { ...context, cwd: normalizePath(value, context) };
  }
  return context;
}
