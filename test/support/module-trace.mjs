// Preload (`node --import`) that appends every module the process loads to $MODULE_TRACE_FILE,
// one URL or path a line: ES modules as the loader resolves them (from the hooks thread), and
// CommonJS modules from require's cache at exit (require() inside CommonJS bypasses the hooks).
import fs from 'node:fs';
import { createRequire, register } from 'node:module';

const traceFile = process.env.MODULE_TRACE_FILE;
if (!traceFile) throw new Error('module-trace.mjs needs MODULE_TRACE_FILE');

register('./module-trace-hooks.mjs', import.meta.url, { data: { traceFile } });

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const paths = Object.keys(require.cache);
  if (paths.length) fs.appendFileSync(traceFile, `${paths.join('\n')}\n`);
});
