// Loader hooks of module-trace.mjs: they run on the loader thread and write synchronously,
// so no URL is lost when the process exits.
import fs from 'node:fs';

let traceFile;

export function initialize(data) {
  traceFile = data.traceFile;
}

export async function load(url, context, nextLoad) {
  fs.appendFileSync(traceFile, `${url}\n`);
  return nextLoad(url, context);
}
