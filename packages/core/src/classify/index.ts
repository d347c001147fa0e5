// The classifiers' entry points: what a call does and to what (`classifyCall`), which calls would
// investigate a target (`suggestInvestigations`), and what an investigation's result showed
// (`summarizeObservation`). Sources are tried from the most specific to the least: parsers of what the
// call will run, known tools, the server's annotations, the tool's name, and a default.
import type { Classification } from '../types.js';
import type { Arguments } from './args.js';
import type { ClassifyCall, ClassifyInput } from './types.js';
import { classifyFileTool } from './filesystem.js';
import { classifyByAnnotations, classifyByDefault, classifyByName } from './generic.js';

export { suggestInvestigations } from './suggest.js';
export { summarizeObservation } from './summarize.js';

export const classifyCall: ClassifyCall = (input) => {
  try {
    return classifyUnchecked(input);
  } catch (error) {
    // Classifiers parse untrusted text; a parser bug must not take the engine down, so the call is
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

function classifyUnchecked(input: ClassifyInput): Classification {
  const args: Arguments = typeof input.arguments === 'object' && input.arguments !== null && !Array.isArray(input.arguments) ? input.arguments : {};
  const context = input.context ?? {};

  return (
    classifyFileTool(input.tool, args, context) ??
    classifyByAnnotations(input.tool, args, input.definition, context, input.server) ??
    classifyByName(input.tool, args, context, input.server) ??
    classifyByDefault(input.tool, args, context, input.server)
  );
}
