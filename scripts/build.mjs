// `npm run build`: dist/ from nothing, swapped in whole at the end (a test or a wizard running
// from dist/ meanwhile keeps working, and no file of a moved or deleted module stays behind).
//   1. tsc type-checks everything and emits dist/source and dist/steps, which
//      test/support/entry.mjs runs with a subset of the steps. A type error fails the build
//      (after dist/ is swapped in, as tsc still emits).
//   2. esbuild bundles source/bin.ts into dist/cli.js, the package's bin, split at every dynamic
//      import() into dist/chunks/: --help and --version load dist/cli.js and the few chunks it
//      shares with the commands (errors, the plain lines), a run the steps' work, each step's on
//      first use; the UI, database driver and process runner only when they are used.
//   3. validate and schema (source/commands/validate.ts, schema.ts) are each bundled whole into
//      dist/offline/, one file each with the steps' declarations and questions, zod/mini
//      (tree-shaken, which zod imported from node_modules is not) and the engine's answers. In
//      the split bundle these modules are shared with the steps' work, so esbuild spread them
//      over fourteen chunks, each one more file for Node's loader to resolve, read and link
//      (measured: validate loaded 20 files of dist/, now 6, and takes about 30 ms less CPU to
//      start). A bundle here shares no module with dist/chunks/ but the checks at a question
//      (the form's, which validate and schema never run), so its error classes are its own and
//      it reports its own errors (validateMain, schemaMain).
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
const offlineDir = path.join(next, 'offline');
const APART = /^\.\/commands\/(validate|schema)\.js$/;

// cli.tsx imports validate and schema from the bundles of step 3, not from chunks of this one.
const validateAndSchemaApart = {
  name: 'validate-and-schema-apart',
  setup(build) {
    build.onResolve({ filter: APART }, (args) =>
      args.importer === path.join(root, 'source', 'cli.tsx') ? { path: `./offline/${APART.exec(args.path)[1]}.js`, external: true } : undefined,
    );
  },
};
const main = await build({
  ...common,
  entryPoints: { cli: 'source/bin.ts' },
  outdir: next,
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  metafile: true,
  plugins: [validateAndSchemaApart],
});

// Each source file the main bundle splits off at an import() (the checks at a question), and its chunk.
const splitOff = new Map(
  Object.entries(main.metafile.outputs)
    .filter(([, output]) => output.entryPoint && output.entryPoint !== 'source/bin.ts')
    .map(([file, output]) => [path.join(root, output.entryPoint), path.join(root, file)]),
);
// No splitting here, so an import() would be inlined with its module's imports hoisted to the top:
// each one is the main bundle's chunk instead, and one that the main bundle does not split off fails the build.
const importsFromMainChunks = {
  name: 'imports-from-main-chunks',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      const chunk = splitOff.get(resolved.path);
      if (!chunk) return { errors: [{ text: `import('${args.path}') in validate or schema: the main bundle has no chunk of its own for it` }] };
      return { path: path.relative(offlineDir, chunk), external: true };
    });
  },
};
await build({
  ...common,
  entryPoints: { validate: 'source/commands/validate.ts', schema: 'source/commands/schema.ts' },
  outdir: offlineDir,
  plugins: [importsFromMainChunks],
});
fs.chmodSync(path.join(next, 'cli.js'), 0o755);

if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(next, dist);
fs.rmSync(work, { recursive: true, force: true });

if (tsc.status !== 0) {
  console.error('build: tsc reported errors (above); dist/ was built, but the build fails.');
  process.exit(tsc.status ?? 1);
}
