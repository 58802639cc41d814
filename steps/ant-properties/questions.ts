import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { findJavaHome, findPmfInstallation } from '../../source/adapters/discover.js';
import { bundledAnt, isPmfInstallation, SAMPLES_DIR } from '../../source/adapters/pmf-install.js';
import type { FieldProblem } from '../../source/engine/errors.js';
import type { PartialAnswers, Question } from '../../source/engine/questions.js';
import { existingDirectory, executableFile, wholeNumber } from '../../source/farm/fields.js';

function pmfOf(answers: PartialAnswers): Record<string, unknown> {
  const value = answers.pmf;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

const contextRoot = z.string().check(z.regex(/^\/[A-Za-z0-9._-]+$/, 'must be a slash then letters, digits, . _ or - (e.g. /mfpadmin)'));
const clientId = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . or - (at most 64)'));

const RESERVED_ROOTS = ['/mfpconsole', '/imfpush', '/mfp-dev-artifacts'];

/** The Ant bundled with the PMF installation answered (or found), when it has one. */
function bundledAntOf(answers: PartialAnswers): string | undefined {
  const dir = pmfOf(answers).installDir;
  return typeof dir === 'string' ? bundledAnt(dir) : undefined;
}

export const antPropertiesQuestions: Question[] = [
  {
    path: 'pmf.installDir',
    kind: 'path',
    schema: existingDirectory.check(z.refine((dir) => !fs.existsSync(dir) || isPmfInstallation(dir), `holds no ${SAMPLES_DIR}/: it is not a PMF installation directory`)),
    prompt: 'PMF installation directory',
    help: `Where PMF is installed (pmf_install_dir in the tutorial); it holds ${SAMPLES_DIR}/.`,
    fix: `Set pmf.installDir to the PMF installation directory, the one that holds ${SAMPLES_DIR}/.`,
    default: () => findPmfInstallation() ?? '/opt/IBM/PMF',
    // Found on this machine: nothing to decide; not found: only the person knows where it is.
    advanced: () => findPmfInstallation() !== undefined,
  },
  {
    path: 'pmf.antPath',
    kind: 'path',
    schema: executableFile,
    prompt: 'Ant to run the PMF Ant files with',
    help: 'Default: the Ant bundled with PMF, <pmf>/tools/apache-ant-*/bin/ant, as the tutorial uses.',
    fix: 'Set pmf.antPath to an executable Ant (e.g. <pmf>/tools/apache-ant-1.9.4/bin/ant), or remove it to use the bundled one.',
    default: bundledAntOf,
    advanced: (a: PartialAnswers) => bundledAntOf(a) !== undefined,
    optional: true,
  },
  {
    path: 'pmf.javaHome',
    kind: 'path',
    schema: existingDirectory.check(z.refine((dir) => !fs.existsSync(dir) || fs.existsSync(path.join(dir, 'bin', 'java')), 'holds no bin/java')),
    prompt: 'JAVA_HOME for Ant (empty: the environment’s)',
    help: 'The Java runtime Ant runs the PMF tasks with; by default JAVA_HOME, else the Java of the java on the PATH.',
    default: () => findJavaHome(),
    advanced: () => findJavaHome() !== undefined,
    optional: true,
  },
  {
    path: 'pmf.adminUser',
    kind: 'text',
    schema: z.string().check(z.regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ or - (at most 64)')),
    prompt: 'User name of the Operations Console administrator',
    help: 'Created in the Liberty basic registry with the administration roles (mfp.admin.default.user).',
    default: 'admin',
    advanced: true,
  },
  {
    path: 'pmf.adminPassword',
    kind: 'password',
    schema: z.string().check(
      z.minLength(8, 'must have at least 8 characters (the tutorial’s admin is for a throw-away test only)'),
      z.maxLength(128, 'at most 128 characters'),
      z.regex(/^[^\n\r]*$/, 'must be one line'),
    ),
    prompt: 'Initial password of that administrator',
    help: 'mfp.admin.default.user.initialpassword; give it as {"env": "NAME"} or {"file": "PATH"}; never written to disk.',
    terminalHelp: 'The password you log in to the Operations Console with (at least 8 characters); kept in memory, never written to disk.',
    fix: 'Give pmf.adminPassword, at least 8 characters, as {"env": "PMF_ADMIN_PASSWORD"} or {"file": "/path"}.',
    secret: true,
    confirm: true,
  },
  {
    path: 'pmf.adminContextRoot',
    advanced: true,
    kind: 'text',
    schema: contextRoot,
    prompt: 'Context root of the administration service',
    help: 'mfp.admin.contextroot; the live update service gets <root>config (the tutorial uses /mfpadmin).',
    default: '/mfpadmin',
  },
  {
    path: 'pmf.runtimeContextRoot',
    advanced: true,
    kind: 'text',
    schema: contextRoot,
    prompt: 'Context root of the PMF runtime',
    help: 'mfp.runtime.contextroot; mobile apps connect to it (the tutorial uses /mfp).',
    default: '/mfp',
  },
  {
    path: 'pmf.adminClientId',
    advanced: true,
    kind: 'text',
    schema: clientId,
    prompt: 'OAuth client id of the administration service',
    help: 'mfp.admin.client.id (tutorial: admin-client-id); its secret is generated and kept in the state dir.',
    default: 'admin-client-id',
  },
  {
    path: 'pmf.pushClientId',
    advanced: true,
    kind: 'text',
    schema: clientId,
    prompt: 'OAuth client id of the push service',
    help: 'mfp.push.client.id (tutorial: push-client-id); its secret is generated and kept in the state dir.',
    default: 'push-client-id',
  },
  {
    path: 'pmf.configAdminUser',
    advanced: true,
    kind: 'text',
    schema: clientId,
    prompt: 'User of the live update service',
    help: 'mfp.config.admin.user, the same on every farm member; its password is generated and kept in the state dir.',
    default: 'configUser_mfpadmin',
  },
  {
    path: 'pmf.startTimeoutSeconds',
    advanced: true,
    kind: 'number',
    schema: wholeNumber().check(z.minimum(10, 'at least 10'), z.maximum(3600, 'at most 3600')),
    prompt: 'Seconds to wait for a PMF server to start',
    help: 'How long the wizard waits for CWWKF0011I and the applications in messages.log, then for /mfpconsole.',
    default: 300,
  },
];

export function validateAntProperties(answers: PartialAnswers): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pmf = pmfOf(answers);
  const admin = pmf.adminContextRoot;
  const runtime = pmf.runtimeContextRoot;
  for (const [key, value] of [
    ['pmf.adminContextRoot', admin],
    ['pmf.runtimeContextRoot', runtime],
  ] as const) {
    if (typeof value === 'string' && RESERVED_ROOTS.includes(value)) {
      problems.push({ path: key, message: `${value} is the context root of another PMF application`, fix: `Choose another one; ${RESERVED_ROOTS.join(', ')} are taken.` });
    }
  }
  const user = typeof pmf.adminUser === 'string' ? pmf.adminUser : 'admin';
  if (typeof pmf.adminPassword === 'string' && pmf.adminPassword.toLowerCase().includes(user.toLowerCase())) {
    problems.push({
      path: 'pmf.adminPassword',
      message: `the password contains the user name ${user}`,
      fix: 'Choose a password that does not contain the user name (it is masked wherever it appears, so it must not be an ordinary word of the configuration).',
    });
  }
  if (typeof admin === 'string' && typeof runtime === 'string') {
    if (admin === runtime || `${admin}config` === runtime) {
      problems.push({
        path: 'pmf.runtimeContextRoot',
        message: `${runtime} is already used by the administration service (${admin}, live update ${admin}config)`,
        fix: 'Give the runtime its own context root, e.g. /mfp.',
      });
    }
  }
  return problems;
}

