#!/usr/bin/env node
// The package's bin, bundled by scripts/build.mjs into dist/cli.js: the CLI's code splits at its
// dynamic imports, so each command loads only what it needs.
import { start } from './cli.js';

start();
