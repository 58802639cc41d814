import fs from 'node:fs';
import { serverScript, serverStatus, startServer, stopServer, stopServerProcess, type ServerState } from '../adapters/liberty.js';
import { markLog, messagesLogOf, waitForStart, type WaitOutcome } from '../adapters/liberty-log.js';
import { InterruptedError, StepFailure } from '../engine/errors.js';
import type { StepContext } from '../engine/step.js';
import type { AntSetup } from './ant.js';
import { answersOf } from './answers.js';
import { pmfApps, type FarmNode } from './nodes.js';

function appFailureFix(line: string, farmNode: FarmNode): string {
  if (/SQL|JDBC|database|datasource|data source/i.test(line)) {
    return `The application cannot use its database: check that the database server is up and database.user/password still work, then run pmf-wizard --resume.`;
  }
  return `Read ${messagesLogOf(farmNode.serverDir)} around that line, correct the cause, then run pmf-wizard --resume.`;
}

/** The fix for each way a start can go wrong, in the words of the answers. */
async function failureOf(ctx: StepContext, setup: AntSetup, farmNode: FarmNode, outcome: Exclude<WaitOutcome, { status: 'started' }>): Promise<StepFailure> {
  const installDir = answersOf(ctx).liberty.installDir;
  const { node } = farmNode;
  const log = messagesLogOf(farmNode.serverDir);
  const command = `${serverScript(installDir)} start ${node.name}`;
  switch (outcome.status) {
    case 'port-taken': {
      const ports = [...new Set(outcome.state.portsTaken.map((problem) => problem.port))];
      await stopServer(ctx.runner, installDir, node.name);
      const which = ports.map((port) => (port === node.httpPort ? `HTTP port ${port}` : `HTTPS port ${port}`)).join(' and ');
      return new StepFailure(
        `Server ${node.name} started, but its ${which} ${ports.length > 1 ? 'are' : 'is'} taken by another process (CWWKO0221E in ${log}): it cannot serve PMF; it was stopped again`,
        `Stop the process listening on ${ports.map((port) => `port ${port}`).join(' and ')} (\`ss -ltnp 'sport = :${ports[0]}'\` shows which one), then run pmf-wizard --resume.`,
        { command, outputTail: outcome.state.portsTaken.map((problem) => problem.line).join('\n') },
      );
    }
    case 'app-failed':
      return new StepFailure(
        `Server ${node.name} started, but the application${outcome.state.failedApps.length > 1 ? 's' : ''} ${outcome.state.failedApps.map((problem) => problem.app).join(', ')} did not start`,
        appFailureFix(outcome.state.failedApps[0].line, farmNode),
        { command, outputTail: outcome.state.failedApps.map((problem) => problem.line).join('\n') },
      );
    case 'config-error':
      return new StepFailure(
        `Server ${node.name} started without its configuration: ${outcome.state.configErrors[0]}`,
        `Correct ${farmNode.serverXml} as the message says (the Ant install keeps the previous one as server.xml.bak), then run pmf-wizard --resume.`,
        { command, outputTail: outcome.state.configErrors.slice(-10).join('\n') },
      );
    case 'timeout':
      return new StepFailure(
        `Server ${node.name} did not log ${outcome.missing.join(', ')} within ${setup.startTimeoutSeconds} s`,
        `Read ${log} (and console.log next to it) for an error; if the machine is only slow, raise pmf.startTimeoutSeconds; then run pmf-wizard --resume.`,
        { command, outputTail: [...outcome.state.errors].slice(-10).join('\n') },
      );
  }
}

/**
 * `server start`, then messages.log until the server is ready and every PMF application has
 * started (or the reason it will not). Steps 4 and 6 start servers this way. A started server
 * outlives the wizard (it is the product), but one interrupted (Ctrl+C, SIGTERM) while it starts
 * is stopped: during `server start` the runner stops the script's process group, JVM included;
 * while its applications start, its JVM is stopped by its pid file.
 */
export async function startNode(ctx: StepContext, setup: AntSetup, farmNode: FarmNode): Promise<Extract<WaitOutcome, { status: 'started' }>> {
  const installDir = answersOf(ctx).liberty.installDir;
  const { node } = farmNode;
  const mark = markLog(messagesLogOf(farmNode.serverDir));
  ctx.report(`Starting server ${node.name}`);
  const started = await startServer(ctx.runner, installDir, node.name);
  const outcome = await waitForStart({
    mark,
    apps: pmfApps(setup).map((app) => app.name),
    ports: [node.httpPort, node.httpsPort],
    timeoutMs: setup.startTimeoutSeconds * 1000,
    signal: ctx.signal,
  });
  if (ctx.signal.aborted && started === 'started') {
    ctx.report(`Interrupted while server ${node.name} was starting: stopping it`);
    await stopServerProcess(installDir, node.name);
    throw new InterruptedError();
  }
  if (outcome.status !== 'started') throw await failureOf(ctx, setup, farmNode, outcome);
  return outcome;
}

/** `server status` of a member; 'missing' before Liberty or the server exists (nothing to ask then, as in a dry run from nothing). */
export async function memberStatus(ctx: Pick<StepContext, 'answers' | 'runner'>, farmNode: FarmNode): Promise<ServerState> {
  const installDir = answersOf(ctx).liberty.installDir;
  if (!fs.existsSync(serverScript(installDir)) || !fs.existsSync(farmNode.serverXml)) return 'missing';
  return serverStatus(ctx.runner, installDir, farmNode.node.name);
}
