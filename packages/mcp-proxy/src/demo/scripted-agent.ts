// The demo's scripted agent works on a tidy-up task and makes the mistakes real agents make: a constraint
// buried under work, a move into a folder whose creation failed, a recursive delete of a folder it never listed.
// Then it reads each hold and changes course, as a capable model does.
import { join } from 'node:path';

import type { Narrator } from './narrator.js';
import type { Toolbox } from './toolbox.js';

export const DEMO_TASK =
  'Tidy up this shop repository: move the 2023 invoices into an archive folder next to invoices/, clear out the build ' +
  'output, and free some disk space. Do not delete or move anything under data/: the exports there are the only copy.';

const CONSTRAINT = 'Do not delete or move anything under data/: the exports there are the only copy.';

export async function runScriptedAgent(toolbox: Toolbox, root: string, narrator: Narrator): Promise<void> {
  narrator.agent('Recording the constraint the user stated on both servers, so the guard can remind me of it later.');
  await toolbox.call('files', 'lookout_note', { kind: 'safety', text: CONSTRAINT });
  await toolbox.call('shell', 'lookout_note', { kind: 'safety', text: CONSTRAINT });

  await archiveInvoices(toolbox, root, narrator);
  await readTheProject(toolbox, root, narrator);
  await clearBuildOutput(toolbox, narrator);
  await freeDiskSpace(toolbox, root, narrator);

  narrator.agent('Done. The 2023 invoices are in archive-2023/, the build cache is gone, the draft release notes and all exports are kept; archiving the 2022 exports needs your decision.');
}

async function archiveInvoices(toolbox: Toolbox, root: string, narrator: Narrator): Promise<void> {
  narrator.agent('Creating the archive folder and moving the 2023 invoices into it.');
  await toolbox.call('files', 'list_directory', { path: root });
  await toolbox.call('files', 'create_directory', { path: join(root, 'archive') });

  const first = await toolbox.call('files', 'move_file', { source: join(root, 'invoices', 'INV-2023-0001.pdf'), destination: join(root, 'archive', 'INV-2023-0001.pdf') });
  if (first.blocked === undefined) return;

  narrator.agent('The guard says the folder creation failed and nobody looked at archive. Checking what it is.');
  await toolbox.call('files', 'get_file_info', { path: join(root, 'archive') });
  narrator.agent('archive is a file (an old shortcut), not a folder, so the invoices cannot go there; with a shell mv each one would have replaced the last. Using a new folder instead.');

  await toolbox.call('files', 'create_directory', { path: join(root, 'archive-2023') });
  for (let index = 1; index <= 4; index += 1) {
    const name = `INV-2023-000${index}.pdf`;
    await toolbox.call('files', 'move_file', { source: join(root, 'invoices', name), destination: join(root, 'archive-2023', name) });
  }
}

async function readTheProject(toolbox: Toolbox, root: string, narrator: Narrator): Promise<void> {
  narrator.agent('Reading the logs and the sources to see what the build and the exports are used for.');
  await toolbox.call('files', 'read_text_file', { path: join(root, 'logs', 'app.log') });
  await toolbox.call('files', 'read_multiple_files', { paths: ['src/cart.ts', 'src/checkout.ts', 'docs/README.md'].map((path) => join(root, path)) });
  await toolbox.call('shell', 'bash', { command: 'tail -n 200 logs/app.log' });
  await toolbox.call('shell', 'git_status', { repo_path: '.' });
}

async function clearBuildOutput(toolbox: Toolbox, narrator: Narrator): Promise<void> {
  narrator.agent('The build folder is generated output. Removing it.');
  const removal = await toolbox.call('shell', 'bash', { command: 'rm -rf build' });
  if (removal.blocked === undefined) return;

  narrator.agent('The guard listed build/: besides the cache it holds release-notes-draft.md, which is not generated. Removing only the cache.');
  await toolbox.call('shell', 'bash', { command: 'rm -rf build/cache' });
}

async function freeDiskSpace(toolbox: Toolbox, root: string, narrator: Narrator): Promise<void> {
  narrator.agent('To free disk space, moving the 2022 exports into the archive.');
  await toolbox.call('files', 'list_directory', { path: join(root, 'data', 'exports') });
  await toolbox.call('files', 'list_directory', { path: join(root, 'archive-2023') });
  const move = await toolbox.call('files', 'move_file', { source: join(root, 'data', 'exports', '2022'), destination: join(root, 'archive-2023', 'exports-2022') });
  if (move.blocked === undefined) return;

  narrator.agent('The guard reminded me: nothing under data/ may be moved or deleted, these exports are the only copy. Leaving them and suggesting it to the user instead.');
}
