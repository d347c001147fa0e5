// The LangChain example: `pnpm example:langchain` from the repository root. Without ANTHROPIC_API_KEY it runs
// offline with a scripted model. With the key, it runs the same agent on Claude through `@langchain/anthropic`,
// with the model from ANTHROPIC_MODEL and the endpoint from ANTHROPIC_BASE_URL when they are set.
import { pathToFileURL } from 'node:url';

import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';

import { runExample } from './run.js';
import { createScriptedModel } from './scripted-model.js';
import { createWorkspace } from './workspace.js';
import type { Workspace } from './workspace.js';

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';

/** Picks Claude when an API key is set, the scripted model otherwise. */
export function chooseModel(workspace: Workspace, env: NodeJS.ProcessEnv): { model: BaseChatModel; label: string } {
  const apiKey = env.ANTHROPIC_API_KEY;
  if (apiKey === undefined || apiKey === '') {
    return { model: createScriptedModel(workspace), label: 'the scripted model (set ANTHROPIC_API_KEY to use Claude)' };
  }

  const modelName = env.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL;
  const baseUrl = env.ANTHROPIC_BASE_URL;
  const model = new ChatAnthropic({
    model: modelName,
    apiKey,
    maxTokens: 1024,
    ...(baseUrl === undefined || baseUrl === '' ? {} : { anthropicApiUrl: baseUrl }),
  });
  return { model, label: `${modelName} through @langchain/anthropic` };
}

async function main(): Promise<void> {
  const workspace = createWorkspace();
  const { model, label } = chooseModel(workspace, process.env);
  console.log(`Lookout LangChain example, with ${label}.`);
  console.log(`Workspace: ${workspace.root}\n`);
  await runExample({ workspace, model, print: (line) => console.log(line) });
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  main().catch((error: unknown) => {
    console.error(`The example failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
