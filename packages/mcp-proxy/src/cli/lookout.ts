#!/usr/bin/env node
// Entry point of the `lookout` bin.
import { processIo, runLookout } from './main.js';

process.exitCode = await runLookout(process.argv.slice(2), processIo());
