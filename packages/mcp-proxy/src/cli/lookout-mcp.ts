#!/usr/bin/env node
// `lookout-mcp ARGS` is exactly `lookout proxy ARGS`.
import { processIo, runLookout } from './main.js';

process.exitCode = await runLookout(['proxy', ...process.argv.slice(2)], processIo());
