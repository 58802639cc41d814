import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { findImcl, firstFreeNode, listeningTcpPorts } from '../../source/adapters/discover.js';
import { DEFAULT_LIBERTY_ARTIFACT, PINNED_LIBERTY } from '../../source/adapters/liberty-coordinates.js';
import { getAt, type Question } from '../../source/engine/questions.js';
import { executableFile, existingDirectory, existingFile, nodesSchema, writableDirectory } from '../../source/farm/fields.js';

const usesImcl = (a: Record<string, unknown>) => getAt(a, 'liberty.installMethod') === 'imcl';
const usesMaven = (a: Record<string, unknown>) => getAt(a, 'liberty.installMethod') === 'maven';

/** The method the other answers already speak for: an answers file naming an imcl or an archive means it. */
function methodGivenBy(a: Record<string, unknown>): 'imcl' | 'archive' | 'maven' | undefined {
  if (getAt(a, 'liberty.imclPath') !== undefined || getAt(a, 'liberty.repositoryDir') !== undefined) return 'imcl';
  if (getAt(a, 'liberty.archive') !== undefined) return 'archive';
  if (getAt(a, 'liberty.artifact') !== undefined || getAt(a, 'liberty.version') !== undefined) return 'maven';
  return undefined;
}
const IMCL_USUAL = '/opt/IBM/InstallationManager/eclipse/tools/imcl';

export const installLibertyQuestions: Question[] = [
  {
    path: 'liberty.acceptLicense',
    kind: 'confirm',
    schema: z.literal(true, { error: 'the Liberty license must be accepted before installing' }),
    prompt: 'Do you accept the license agreement of the Liberty you install (WebSphere Liberty: lafiles/; Open Liberty from Maven: Eclipse Public License 2.0)?',
    help: 'WebSphere Liberty: the license files are in lafiles/ of the installer or archive; the maven route installs Open Liberty, under the Eclipse Public License 2.0 (its wlp/LICENSE). Nothing is installed before you accept.',
    fix: 'Read the license (lafiles/ in the Liberty installer or archive; for Open Liberty, wlp/LICENSE: Eclipse Public License 2.0) and set liberty.acceptLicense to true.',
  },
  {
    path: 'liberty.installMethod',
    kind: 'select',
    schema: z.enum(['imcl', 'archive', 'maven'], { error: 'must be "imcl", "archive" or "maven"' }),
    prompt: 'How do you install Liberty?',
    help: 'imcl: IBM Installation Manager from an extracted installer repository; archive: a wlp-*.zip or wlp-*.jar; maven: download Open Liberty with your mvn.',
    terminalHelp: 'Installation Manager needs the extracted installer (the tutorial’s way); an archive, a wlp-*.zip or wlp-*.jar; Maven, only mvn and the network.',
    // An Installation Manager on this machine says how its owner installs Liberty (the tutorial's way).
    advanced: () => findImcl() !== undefined,
    choices: [
      { value: 'imcl', label: 'With IBM Installation Manager (imcl) from the installer repository' },
      { value: 'archive', label: 'From a Liberty archive (wlp-*.zip or wlp-*.jar)' },
      { value: 'maven', label: 'Download Open Liberty from Maven Central with mvn (no installer or archive needed)' },
    ],
    default: (a: Record<string, unknown>) => methodGivenBy(a) ?? (findImcl() ? 'imcl' : 'maven'),
  },
  {
    path: 'liberty.imclPath',
    kind: 'path',
    schema: executableFile,
    prompt: 'Path of imcl',
    help: 'The Installation Manager command line, e.g. /opt/IBM/InstallationManager/eclipse/tools/imcl.',
    default: () => findImcl() ?? IMCL_USUAL,
    advanced: () => findImcl() !== undefined,
    when: usesImcl,
    check: async (answers) => (await import('./checks.js')).imclRunsCheck(answers),
  },
  {
    path: 'liberty.repositoryDir',
    kind: 'path',
    schema: existingDirectory.check(
      z.refine((dir) => fs.existsSync(path.join(dir, 'repository.config')), 'holds no repository.config: it is not an Installation Manager repository'),
    ),
    prompt: 'Directory of the extracted Liberty installer (the repository)',
    help: 'Where you extracted the WebSphere Liberty installer: the directory that holds repository.config.',
    fix: 'Set liberty.repositoryDir to the directory where you extracted the Liberty installer (it holds repository.config).',
    when: usesImcl,
  },
  {
    path: 'liberty.packageId',
    kind: 'text',
    schema: z.string().check(z.regex(/^[\w.]+$/, 'must be an Installation Manager package id such as com.ibm.websphere.liberty.v85')),
    prompt: 'Installation Manager package id',
    help: 'The tutorial installs com.ibm.websphere.liberty.v85; `imcl listAvailablePackages -repositories DIR` lists others.',
    default: 'com.ibm.websphere.liberty.v85',
    advanced: true,
    when: usesImcl,
  },
  {
    path: 'liberty.archive',
    kind: 'path',
    schema: existingFile.check(z.refine((file) => /\.(zip|jar)$/.test(file), 'must be a .zip or .jar Liberty archive')),
    prompt: 'Liberty archive to extract',
    help: 'A Liberty archive: wlp-*.zip or openliberty-*.zip (top directory wlp/), or the self-extracting wlp-*.jar.',
    when: (a) => getAt(a, 'liberty.installMethod') === 'archive',
  },
  {
    path: 'liberty.artifact',
    kind: 'text',
    schema: z.string().check(z.regex(/^[\w.-]+:[\w.-]+$/, 'must be groupId:artifactId of a Liberty zip, such as io.openliberty:openliberty-webProfile8')),
    prompt: 'Liberty runtime on Maven (groupId:artifactId)',
    help: `A Liberty zip on Maven Central or your mirror; ${DEFAULT_LIBERTY_ARTIFACT} holds every feature PMF needs.`,
    default: DEFAULT_LIBERTY_ARTIFACT,
    advanced: true,
    when: usesMaven,
  },
  {
    path: 'liberty.version',
    kind: 'text',
    schema: z.string().check(z.regex(/^\d+(\.\d+)*$/, 'must be a Liberty version such as 26.0.0.3')),
    prompt: 'Liberty version',
    help: `The version of liberty.artifact to download; ${PINNED_LIBERTY.version} is the one this wizard is tested with.`,
    terminalHelp: `The version of that Liberty runtime to download; ${PINNED_LIBERTY.version} is the one this wizard is tested with.`,
    default: PINNED_LIBERTY.version,
    advanced: true,
    when: usesMaven,
  },
  {
    path: 'liberty.installDir',
    kind: 'path',
    writtenInto: true,
    schema: writableDirectory,
    prompt: 'Liberty installation directory',
    help: 'Where Liberty is installed (liberty_install_dir in the tutorial); it must be new, empty or already hold Liberty.',
    fix: 'Set liberty.installDir to a directory this user can create or write, e.g. /opt/IBM/WebSphere/Liberty.',
    default: '/opt/IBM/WebSphere/Liberty',
  },
  {
    path: 'liberty.userDir',
    kind: 'path',
    writtenInto: true,
    schema: writableDirectory,
    prompt: 'Directory for the servers (WLP_USER_DIR)',
    help: 'Written to <install>/etc/server.env so servers live where no special privilege is needed; empty keeps <install>/usr.',
    optional: true,
    advanced: true,
  },
  {
    path: 'nodes',
    kind: 'nodes',
    schema: nodesSchema,
    prompt: 'Farm nodes (Liberty servers)',
    help: 'One Liberty server per node, each with its own HTTP and HTTPS port (each node’s follow the one before); the first one is created here.',
    default: () => [firstFreeNode()],
    portsInUse: listeningTcpPorts,
    check: async (answers) => (await import('./checks.js')).nodePortsCheck(answers),
  },
];

