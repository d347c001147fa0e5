// `lookout demo`: lays out a project, starts the guarded servers, runs the agent (scripted, or Claude with
// --live), then prints the near-miss summary and writes the journal and the HTML report.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { aggregateJournal, readJournalFile, renderHtmlReport, renderTerminalReport } from '../report/index.js';
import { runLiveAgent, type LiveAgentOptions } from './live-agent.js';
import { createNarrator } from './narrator.js';
import { layOutProject } from './project.js';
import { DEMO_TASK, runScriptedAgent } from './scripted-agent.js';
import { openToolbox } from './toolbox.js';

export interface DemoOptions {
  /** Run a real Claude agent instead of the scripted one; needs an API key. */
  live?: LiveAgentOptions;
  out: NodeJS.WritableStream;
  color: boolean;
}

export interface DemoResult {
  folder: string;
  journalPath: string;
  reportPath: string;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const narrator = createNarrator(options.out, options.color);
  const project = layOutProject();
  const journalPath = join(project.folder, 'journal.jsonl');
  const reportPath = join(project.folder, 'report.html');

  narrator.say(`Project: ${project.root}`);
  narrator.say('Servers: @modelcontextprotocol/server-filesystem and a shell server, each behind lookout-mcp (coding-agent preset).');
  narrator.say(`Task: ${DEMO_TASK}`);

  const toolbox = await openToolbox(project.root, journalPath, (outcome) => narrator.call(outcome));
  try {
    if (options.live === undefined) await runScriptedAgent(toolbox, project.root, narrator);
    else await runLiveAgent(toolbox, DEMO_TASK, narrator, options.live);
  } finally {
    // Closing the clients ends each proxy session, which settles the outcome of every near miss.
    await toolbox.close();
  }

  await waitForFile(journalPath);
  const report = aggregateJournal(await readJournalFile(journalPath), journalPath);
  writeFileSync(reportPath, renderHtmlReport(report));

  narrator.say('\nNear-miss summary');
  narrator.say(renderTerminalReport(report));
  narrator.say(`Journal: ${journalPath}`);
  narrator.say(`HTML report: ${reportPath}`);
  narrator.say(`Everything the demo wrote is in ${project.folder}.`);
  return { folder: project.folder, journalPath, reportPath };
}

/** Waits for the journal, because the proxies write their last outcome records as they exit. */
async function waitForFile(path: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 300));
}
