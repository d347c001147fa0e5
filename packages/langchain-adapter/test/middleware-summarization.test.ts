// Lookout after LangChain's summarization middleware: the summary replaces the history that stated a fact, the
// guard measures the summarised history (a compaction), and the dropped fact comes back before the next choice.
import { join } from 'node:path';

import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { MemorySaver } from '@langchain/langgraph';
import { lookoutMiddleware } from '@lookout/langchain';
import type { Injection } from '@lookout/langchain';
import { createAgent, summarizationMiddleware } from 'langchain';
import { describe, expect, it } from 'vitest';

import { createFolderTools, makeTempFolder, writeTree } from './helpers/folder-tools.js';
import { answer, call, scriptedModel, systemTextOf } from './helpers/scripted-model.js';

function buildLog(): string {
  return Array.from({ length: 500 }, (_, index) => `step ${index}: compiled module-${index}.ts in ${100 + index} ms`).join('\n');
}

describe('lookoutMiddleware after summarization', () => {
  it('treats the summary as a compaction', async () => {
    const root = makeTempFolder('summary');
    writeTree(root, { 'build.log': buildLog(), 'originals/contract.txt': 'signed\n' });
    const originals = join(root, 'originals');
    const injections: Injection[] = [];

    const model = scriptedModel([call('r1', 'read_text_file', { path: join(root, 'build.log') }), call('l1', 'list_directory', { path: originals }), answer('Done.')]);
    const summaryModel = fakeModel().respond(new AIMessage('The user asked for a tidy-up and the build log was read.'));
    const summarization = summarizationMiddleware({ model: summaryModel, trigger: { tokens: 3000 }, keep: { messages: 2 } });
    const lookout = lookoutMiddleware({ journal: false, context: { cwd: root }, onInjection: (injection) => injections.push(injection) });
    const agent = createAgent({ model, tools: createFolderTools().all, middleware: [summarization, lookout], checkpointer: new MemorySaver() });

    await agent.invoke(
      { messages: [new HumanMessage(`Tidy up ${root}. Do not delete anything in ${originals}: those are the signed originals.`)] },
      { configurable: { thread_id: 'summarised' } },
    );
    await lookout.close();

    const secondRequest = model.calls[1]?.messages ?? [];
    const history = secondRequest.filter((message) => message.getType() !== 'system').map((message) => message.text);
    expect(history[0]).toContain('The user asked for a tidy-up');
    expect(history.join('\n')).not.toContain('signed originals');

    // The long tool result stays among the kept messages, so the next request is summarised again and the
    // fact is dropped again: every injection brings back a fact that no longer is in the history.
    expect(injections.length).toBeGreaterThanOrEqual(1);
    for (const injection of injections) {
      expect(injection.facts.map((fact) => [fact.source, fact.dropped, fact.tokensSinceSeen])).toEqual([['user', true, null]]);
      expect(injection.facts[0]?.text).toContain(originals);
    }
    expect(systemTextOf(model.calls[0]?.messages ?? [])).not.toContain('[Lookout reminder]');
    expect(systemTextOf(secondRequest)).toContain('dropped from the conversation by a summary');
  });
});
