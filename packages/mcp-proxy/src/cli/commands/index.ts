// Every `lookout` subcommand, in the order `lookout --help` lists them. Add one import and one entry per command.
import type { CliCommand } from '../command.js';
import { checkCommand } from './check.js';
import { demoCommand } from './demo.js';
import { proxyCommand } from './proxy.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { wrapCommand } from './wrap.js';

export const commands: CliCommand[] = [proxyCommand, replayCommand, reportCommand, wrapCommand, checkCommand, demoCommand];
