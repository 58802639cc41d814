// `npm run build`: dist/ from nothing, swapped in whole at the end (a test or a wizard running
// from dist/ meanwhile keeps working, and no file of a moved or deleted module stays behind).
//   1. tsc type-checks everything and emits dist/source and dist/steps, which
//      test/support/entry.mjs runs with a subset of the steps. A type error fails the build
//      (after dist/ is swapped in, as tsc still emits).
//   2. esbuild bundles each command apart, so that none loads another's modules and each loads
//      few files (each file is one more for Node's loader to resolve, read and link):
//      - source/bin.ts into dist/cli.js, the package's bin: argv, --help, --version and the
//        error reporting, all --help and --version load;
//      - run and verify (source/commands/run.ts, verify.ts) into dist/chunks/, split at every
//        dynamic import(): a run loads each step's work on first use, and the UI, database
//        driver and process runner only when they are used;
//      - validate and schema (source/commands/validate.ts, schema.ts) whole into dist/offline/,
//        one file each with the steps' declarations and questions, zod/mini (tree-shaken, which
//        zod imported from node_modules is not) and the engine's answers.
//      One split bundle of them all spread the modules they share with the steps' work over many
//      small chunks: --help loaded 6 files of dist/, validate 20; now 1 and 2, and validate takes
//      about 35 ms less CPU to start. A bundle shares no module with another: it only import()s
//      the files of another (cli.tsx each command's; the checks at a question, the form's, that
//      validate and schema hold but never run, from dist/chunks/). So each bundle has its own
//      error classes, and each command reports its own errors.
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

const common = { absWorkingDir: root, bundle: true, format: 'esm', platform: 'node', target: 'node20', external, logLevel: 'warning' };
const chunksDir = path.join(next, 'chunks');
const offlineDir = path.join(next, 'offline');
const source = (file) => path.join(root, file);

/**
 * For a bundle that is not split: an import() would be inlined, its module's own imports hoisted
 * to the top, so each one must be another bundle's file (`files`: source file → output file);
 * one that no bundle has fails the build.
 */
function importsFrom(files, outdir) {
  return {
    name: 'imports-from-other-bundles',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
        const file = files.get(resolved.path);
        if (!file) return { errors: [{ text: `import('${args.path}'): no bundle has this module as a file of its own` }] };
        const relative = path.relative(outdir, file);
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
}

const runAndVerify = await build({
  ...common,
  entryPoints: { run: 'source/commands/run.ts', verify: 'source/commands/verify.ts' },
  outdir: chunksDir,
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
const offline = (name) => [source(`source/commands/${name}.ts`), path.join(offlineDir, `${name}.js`)];

await build({
  ...common,
  entryPoints: { cli: 'source/bin.ts' },
  outdir: next,
  plugins: [importsFrom(new Map([...chunkOf, offline('validate'), offline('schema')]), next)],
});
await build({
  ...common,
  entryPoints: { validate: 'source/commands/validate.ts', schema: 'source/commands/schema.ts' },
  outdir: offlineDir,
  plugins: [importsFrom(chunkOf, offlineDir)],
});
fs.chmodSync(path.join(next, 'cli.js'), 0o755);

if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(next, dist);
fs.rmSync(work, { recursive: true, force: true });

if (tsc.status !== 0) {
  console.error('build: tsc reported errors (above); dist/ was built, but the build fails.');
  process.exit(tsc.status ?? 1);
}
