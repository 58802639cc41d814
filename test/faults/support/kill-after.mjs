/**
 * Loaded into the wizard with `node --import` by the fault suite, never by the product: it counts
 * the external commands the wizard starts (child_process.spawn, what execa uses), appends each to
 * PMF_FAULT_COMMANDS (number, pid, start time, command), and when PMF_FAULT_KILL_AT=k, kills the
 * wizard with SIGKILL right after the k-th one has started, once the wizard has recorded it (the
 * next turn of the event loop), as `kill -9` from outside would. With PMF_FAULT_SIGNAL_AT=k it sends
 * PMF_FAULT_SIGNAL (SIGTERM or SIGINT) instead, PMF_FAULT_SIGNAL_DELAY_MS after the k-th command
 * starts: a moment inside the run, whatever the machine's speed.
 */
import childProcess from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.PMF_FAULT_KILL_AT ?? 0);
const signalAt = Number(process.env.PMF_FAULT_SIGNAL_AT ?? 0);
const commandsFile = process.env.PMF_FAULT_COMMANDS;
const original = childProcess.spawn;
let count = 0;

function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

childProcess.spawn = function spawn(command, args, options) {
  const child = original.call(this, command, args, options);
  count += 1;
  const list = Array.isArray(args) ? args : [];
  if (commandsFile) {
    const line = { n: count, pid: child.pid, startTime: child.pid ? startTime(child.pid) : undefined, command: [command, ...list].join(' ').slice(0, 1000) };
    fs.appendFileSync(commandsFile, `${JSON.stringify(line)}\n`);
  }
  if (count === killAt) setImmediate(() => process.kill(process.pid, 'SIGKILL'));
  if (count === signalAt) setTimeout(() => process.kill(process.pid, process.env.PMF_FAULT_SIGNAL), Number(process.env.PMF_FAULT_SIGNAL_DELAY_MS ?? 0));
  return child;
};
syncBuiltinESMExports();
