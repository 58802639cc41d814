// `npm run build`: dist/ from nothing, swapped in whole at the end (a test or a wizard running
// from dist/ meanwhile keeps working, and no file of a moved or deleted module stays behind).
//   1. tsc type-checks everything and emits dist/source and dist/steps, which
//      test/support/entry.mjs runs with a subset of the steps. A type error fails the build
//      (after dist/ is swapped in, as tsc still emits).
//   2. esbuild bundles source/bin.ts into dist/cli.js, the package's bin, split at every dynamic
//      import() into dist/chunks/: --help and --version load one file, validate and schema the
//      questions and zod/mini (tree-shaken, which zod imported from node_modules is not), a run
//      the steps' work; the UI, database driver and process runner only when they are used.
//      zod is bundled; the other dependencies stay in node_modules, imported when used.
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

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'source/bin.ts' },
  outdir: next,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  logLevel: 'warning',
});
fs.chmodSync(path.join(next, 'cli.js'), 0o755);

if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(next, dist);
fs.rmSync(work, { recursive: true, force: true });

if (tsc.status !== 0) {
  console.error('build: tsc reported errors (above); dist/ was built, but the build fails.');
  process.exit(tsc.status ?? 1);
}
