// `npm run build`: dist/ from nothing, swapped in whole at the end (a test or a wizard running
// from dist/ meanwhile keeps working, and no file of a moved or deleted module stays behind).
//   1. tsc type-checks everything and emits dist/source and dist/steps, which
//      test/support/entry.mjs runs with a subset of the steps. A type error fails the build
//      (after dist/ is swapped in, as tsc still emits).
//   2. esbuild bundles each command apart, so that none loads another's modules and each loads
//      few files (each file is one more for Node's loader to resolve, read and link):
//      - source/bin.ts into dist/cli.js, the package's bin: argv, --help, --version and the
//        error reporting, all --help and --version load;
//      - validate and schema (source/commands/validate.ts, schema.ts) whole into dist/offline/,
//        one file each with the steps' declarations and questions, zod/mini (tree-shaken, which
//        zod imported from node_modules is not) and the engine's answers;
//      - run and verify (source/commands/run.ts, verify.ts) into dist/chunks/, split at every
//        dynamic import(): a run loads each step's work on first use, and the UI, database
//        driver and process runner only when they are used.
//      One split bundle of them all spread the modules they share with the steps' work over many
//      small chunks: --help loaded 6 files of dist/, validate 20; now 1 and 2. A bundle shares no
//      module with another: it only import()s the files of another (cli.tsx each command's; the
//      checks at a question, the form's, that validate and schema hold but never run, from
//      dist/chunks/). So each bundle has its own error classes, and each command reports its own
//      errors. dist/cli.js and dist/offline/ are CommonJS, so --help, validate and schema start
//      no ES module loader; dist/chunks/ are ES modules (.mjs), as Ink and execa are.
//      Measured against the one split bundle: validate about 45 ms less CPU at start-up, --help 15.
//   zod is bundled; the other dependencies stay in node_modules, imported when used.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
// Under node_modules: ignored by git, and on the same file system as dist/ for the renames.
const work = path.join(root, 'node_modules', '.cache', 'pmf-wizard-build');
const next = path.join(work, 'dist');
const old = path.join(work, 'old');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const tsc = spawnSync(process.execPath, [tscBin, '-p', path.join(root, 'tsconfig.json'), '--outDir', next], { stdio: 'inherit' });
if (tsc.error) throw tsc.error;

const bundled = new Set(['zod']);
const external = Object.keys(pkg.dependencies)
  .filter((name) => !bundled.has(name))
  .flatMap((name) => [name, `${name}/*`]);

const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', external, logLevel: 'warning' };
const chunksDir = path.join(next, 'chunks');
const offlineDir = path.join(next, 'offline');
const source = (file) => path.join(root, file);

/**
 * For a bundle that is not split: an import() would be inlined, its module's own imports hoisted
 * to the top, so each one must be another bundle's file (`files`: source file → output file);
 * one that no bundle has fails the build. A CommonJS file (.cjs) is required, lazily: loading it
 * starts no ES module loader.
 */
function importsFrom(files, outdir) {
  return {
    name: 'imports-from-other-bundles',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'required') return { path: args.path, external: true };
        if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
        const file = files.get(resolved.path);
        if (!file) return { errors: [{ text: `import('${args.path}'): no bundle has this module as a file of its own` }] };
        const relative = path.relative(outdir, file);
        const specifier = relative.startsWith('.') ? relative : `./${relative}`;
        return file.endsWith('.cjs') ? { path: specifier, namespace: 'required' } : { path: specifier, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}

// ES modules: Ink and execa, which a run loads, are ES modules only.
const runAndVerify = await build({
  ...common,
  format: 'esm',
  entryPoints: { run: 'source/commands/run.ts', verify: 'source/commands/verify.ts' },
  outdir: chunksDir,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  splitting: true,
  metafile: true,
});
// run, verify and each module split off at an import() (a step's work, the checks at a question), with its file.
const chunkOf = new Map(
  Object.entries(runAndVerify.metafile.outputs)
    .filter(([, output]) => output.entryPoint)
    .map(([file, output]) => [source(output.entryPoint), source(file)]),
);
const offline = (name) => [source(`source/commands/${name}.ts`), path.join(offlineDir, `${name}.cjs`)];

// CommonJS: --help, validate and schema start no ES module loader (measured: 10 to 15 ms less CPU).
const commonJs = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': 'importMetaUrl' },
  // First, so that the file stays strict as esbuild makes it.
  banner: { js: "'use strict';\nconst importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({
  ...commonJs,
  entryPoints: { cli: 'source/bin.ts' },
  outdir: next,
  plugins: [importsFrom(new Map([...chunkOf, offline('validate'), offline('schema')]), next)],
});
await build({
  ...commonJs,
  entryPoints: { validate: 'source/commands/validate.ts', schema: 'source/commands/schema.ts' },
  outdir: offlineDir,
  outExtension: { '.js': '.cjs' },
  plugins: [importsFrom(chunkOf, offlineDir)],
});
// dist/cli.js is CommonJS (the bin's name has no .cjs); tsc's output beside it is ES modules.
fs.writeFileSync(path.join(next, 'package.json'), '{ "type": "commonjs" }\n');
for (const dir of ['source', 'steps']) fs.writeFileSync(path.join(next, dir, 'package.json'), '{ "type": "module" }\n');
fs.chmodSync(path.join(next, 'cli.js'), 0o755);

if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(next, dist);
fs.rmSync(work, { recursive: true, force: true });

if (tsc.status !== 0) {
  console.error('build: tsc reported errors (above); dist/ was built, but the build fails.');
  process.exit(tsc.status ?? 1);
}
