import type { NextSteps } from '../farm/next-steps.js';

/** The next steps as lines of at most 80 columns where paths allow: the plain output, the final screen and `verify` print these. */

export const NEXT_STEPS_TITLE = 'Next steps';
const WIDTH = 80;

function consoleLines(next: NextSteps): string[] {
  const nameWidth = Math.max(...next.nodes.map((node) => node.name.length));
  return next.nodes.flatMap((node) => {
    const head = `    ${node.name.padEnd(nameWidth)}  `;
    const both = `${head}${node.httpUrl}  ${node.httpsUrl}`;
    return both.length <= WIDTH ? [both] : [`${head}${node.httpUrl}`, `${' '.repeat(head.length)}${node.httpsUrl}`];
  });
}

function serverLines(next: NextSteps): string[] {
  const lines = ['  Start a server (stop or status in place of start stops or checks it):', ...next.nodes.map((node) => `    ${node.start}`)];
  if (next.userDirInServerEnv) lines.push('  (etc/server.env sets WLP_USER_DIR too, so bin/server finds them without it)');
  return lines;
}

/**
 * `servers` is what `verify` adds to a healthy report: the consoles and the server commands.
 * `all` adds how to verify, the log and the answers file: the end of a run.
 */
export function nextStepsLines(next: NextSteps, part: 'all' | 'servers' = 'all'): string[] {
  const lines = [NEXT_STEPS_TITLE];
  if (next.login) lines.push(`  Log in as ${next.login.user} (${next.login.password}):`);
  else lines.push('  Consoles:');
  lines.push(...consoleLines(next), ...serverLines(next));
  if (part === 'servers') return lines;
  lines.push(`  Verify: ${next.verify}${next.verifyNeedsAnswersFile ? ' --answers FILE' : ''}`);
  if (next.verifyNeedsAnswersFile) lines.push('    (FILE: the answers file you save, with its password variables exported)');
  if (next.logFile) lines.push(`  Log: ${next.logFile}`);
  if (next.answersFile) lines.push(`  Answers file: ${next.answersFile}`);
  return lines;
}
