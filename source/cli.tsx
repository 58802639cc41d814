// Only what every command needs is imported here: each command, the steps (zod, adapters)
// and the UI are imported once argv has chosen them, so --help does not pay for a farm run.
// Each command is bundled apart from this module (scripts/build.mjs) and reports its own errors.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { closest } from './engine/suggest.js';
import { ExitCode, UsageError } from './engine/errors.js';
import { asKnownError } from './engine/system-cause.js';
import { reportError, type Io } from './commands/output.js';
import type { Step } from './engine/step.js';

const HELP = `pmf-wizard: from nothing to a verified Persistent Mobile Foundation server farm on WebSphere Liberty

Usage
  pmf-wizard [options]            run the wizard (asks its questions in a terminal)
  pmf-wizard --answers FILE       unattended run from an answers file
  pmf-wizard schema               print the JSON Schema of the answers file
  pmf-wizard validate FILE        check an answers file offline (exit 0 or 2)
  pmf-wizard verify [--answers FILE] [--state DIR] [--json]
                                  verify the farm built from the state directory (exit 0 or 3)

Options
  --answers FILE   answers file (JSON); secrets as {"env": NAME} or {"file": PATH}
  --resume         continue from the checkpoint in the state directory
  --dry-run        print every command and file change, change nothing
  --state DIR      state directory: checkpoint, lock, logs (default ./.pmf-wizard)
  --json           NDJSON events on stdout instead of lines
  --verbose        show every command and all of its output (certificate dumps too);
                   by default they go to the log file only
  --yes            in a terminal, resume an existing checkpoint without asking
                   (never accepts the license for you)
  --help, --version

Exit codes
  0 done · 1 a step failed · 2 bad input, nothing changed · 3 farm not verified
  4 another run holds the lock · 130 interrupted`;

const OPTIONS = {
  answers: { type: 'string' },
  resume: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  state: { type: 'string', default: '.pmf-wizard' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
  version: { type: 'boolean', default: false },
} as const;

const COMMANDS = ['schema', 'validate', 'verify'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^']+)'/.exec(message)?.[1];
    const guess = flag ? closest(flag.replace(/^-+/, ''), Object.keys(OPTIONS)) : undefined;
    throw new UsageError(message.split('\n')[0].replace(/\. To specify a positional.*$/, '.'), guess ? `Did you mean --${guess}? See pmf-wizard --help.` : 'See pmf-wizard --help.');
  }
}

/** The version in this package's package.json, the first one above this module (dist/cli.js, dist/source/cli.js or source/cli.tsx). */
function version(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir);
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'pmf-wizard') return pkg.version;
    }
    if (dir.pathname === '/') throw new Error(`package.json of pmf-wizard not found above ${import.meta.url}`);
  }
}

/** `stepList` replaces the product's steps (tests); by default they are loaded when a command needs them. */
export async function main(argv: string[], io: Io, signal: AbortSignal, stepList?: Step[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parse(argv);
    json = values.json;
    if (values.help) {
      io.stdout(HELP);
      return ExitCode.ok;
    }
    if (values.version) {
      io.stdout(version());
      return ExitCode.ok;
    }
    const [command, ...rest] = positionals;
    if (command !== undefined && !COMMANDS.includes(command)) {
      const guess = closest(command, COMMANDS);
      throw new UsageError(`Unknown command "${command}"`, guess ? `Did you mean "pmf-wizard ${guess}"?` : 'See pmf-wizard --help.');
    }
    if (command === 'schema') return (await import('./commands/schema.js')).schemaMain(io, json, stepList);
    if (command === 'validate') {
      if (rest.length !== 1) throw new UsageError('validate takes one answers file', 'Run: pmf-wizard validate FILE');
      return (await import('./commands/validate.js')).validateMain(rest[0], io, json, stepList);
    }
    if (command === 'verify') return await (await import('./commands/verify.js')).verifyMain({ state: values.state, json, answers: values.answers }, io, signal, stepList);
    if (rest.length || (command === undefined && positionals.length)) throw new UsageError(`Unexpected argument "${positionals[0]}"`, 'See pmf-wizard --help.');
    // Loading the form (Ink, the steps) takes a second or two: say so at once.
    if (io.isTTY && !json && !io.env.CI && values.answers === undefined) io.status?.('Starting pmf-wizard…');
    const { runMain } = await import('./commands/run.js');
    return await runMain({ answers: values.answers, resume: values.resume, dryRun: values['dry-run'], state: values.state, json, yes: values.yes, verbose: values.verbose }, io, signal, stepList);
  } catch (error) {
    return reportError(asKnownError(error), io, json);
  }
}

/** The process entry (dist/cli.js): signals, real streams, exit code. */
export function start(stepList?: Step[]): void {
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let status = false;
  const clearStatus = () => {
    if (status) process.stdout.write('\r\u001B[2K');
    status = false;
  };
  const io: Io = {
    stdout: (line) => (clearStatus(), process.stdout.write(`${line}\n`)),
    stderr: (line) => (clearStatus(), process.stderr.write(`${line}\n`)),
    // A getter: reading process.stdin opens it (a stream on the terminal, pipe or file), which
    // --help, validate and schema never need.
    get isTTY() {
      return Boolean(process.stdin.isTTY && process.stdout.isTTY);
    },
    env: process.env,
    cwd: process.cwd(),
    status: (text) => {
      clearStatus();
      if (text === undefined) return;
      process.stdout.write(`\u001B[2m${text}\u001B[22m`);
      status = true;
    },
  };
  main(process.argv.slice(2), io, controller.signal, stepList).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = reportError(asKnownError(error), io, false);
    },
  );
}

