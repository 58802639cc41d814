/**
 * Step 6's failures in the user's words: what to correct and that `pmf-wizard --resume` takes it
 * from there. The adapters' own failures (keytool, the keystore password) already name the
 * command and the file to correct, and pass through unchanged.
 */
import { StepFailure } from '../../source/engine/errors.js';

/** A member without a defaultKeyStore declaration: PMF is not installed on it yet. */
export function notInstalledEverywhere(problems: string[]): StepFailure {
  return new StepFailure(problems.join('; '), 'Run pmf-wizard --resume: the add-nodes step installs PMF (and its keystore declaration) on every node.');
}

export function noOpenableLtpaKeys(firstNode: string): StepFailure {
  return new StepFailure(
    'No node has LTPA keys that its keysPassword opens',
    `Stop the servers, delete resources/security/ltpa.keys of ${firstNode} (Liberty creates new keys at its next start), then run pmf-wizard --resume.`,
  );
}

export function securityErrorAtStart(node: string, line: string, log: string, command: string): StepFailure {
  return new StepFailure(`Server ${node} started with a security error: ${line}`, `Read ${log}; then run pmf-wizard --resume, which checks the keystore and LTPA files again.`, { command });
}

export function securityFilesNotWritten(node: string, missing: string[], log: string, command: string): StepFailure {
  return new StepFailure(`Server ${node} is ready but has not written ${missing.join(' and ')} within 60 s`, `Read ${log} for a CWPKI or CWWKS error, correct it, then run pmf-wizard --resume.`, { command });
}

export function stillInconsistent(description: string): StepFailure {
  return new StepFailure(`After the changes the farm is still not consistent: ${description}`, 'Run pmf-wizard --resume; if it says the same, read the messages.log of the nodes named.');
}
