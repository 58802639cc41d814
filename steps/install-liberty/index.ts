import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { archiveLicense, extractCommand, extractLibertyArchive, extractionDir } from '../../source/adapters/archive.js';
import { readEnvFile, setEnvFileValue } from '../../source/adapters/env-file.js';
import { imclInstall, imclInstallArgs } from '../../source/adapters/imcl.js';
import { createServer, effectiveUserDir, installEnvFile, installedProduct, serverScript, serverStatus } from '../../source/adapters/liberty.js';
import { assertPmfFeatures, assertSupportedJava, libertyJava, PMF_FEATURES } from '../../source/adapters/liberty-install.js';
import { coordinatesOf, DEFAULT_LIBERTY_ARTIFACT, downloadDir, downloadedFile, downloadLiberty, mavenCopyCommand, PINNED_LIBERTY } from '../../source/adapters/maven.js';
import { hasPmfInstalled, readHttpEndpoint, setHttpEndpointPorts } from '../../source/adapters/server-xml.js';
import { isPortFree, nextFreePair } from '../../source/adapters/ports.js';
import { StepFailure, type FieldProblem } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import { executableFile, existingDirectory, existingFile, port, serverName, writableDirectory } from '../../source/engine/fields.js';
import { getAt, type Question } from '../../source/engine/questions.js';
import type { Step, StepContext } from '../../source/engine/step.js';
import type { LibertyAnswers, NodeAnswer } from '../../source/engine/types.js';

const usesImcl = (a: Record<string, unknown>) => getAt(a, 'liberty.installMethod') === 'imcl';
const usesMaven = (a: Record<string, unknown>) => getAt(a, 'liberty.installMethod') === 'maven';

const nodeSchema = z.strictObject({ name: serverName, httpPort: port, httpsPort: port });

/** Names unique, and no port used twice anywhere in the farm (all nodes share one host). */
export const nodesSchema = z
  .array(nodeSchema, { error: 'must be a list of {"name", "httpPort", "httpsPort"}' })
  .min(1, 'needs at least one node')
  .superRefine((nodes, ctx) => {
    const names = new Map<string, number>();
    const ports = new Map<number, string>();
    nodes.forEach((node, index) => {
      if (names.has(node.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${node.name}" is used twice` });
      names.set(node.name, index);
      for (const key of ['httpPort', 'httpsPort'] as const) {
        const owner = ports.get(node[key]);
        if (owner) ctx.addIssue({ code: 'custom', path: [index, key], message: `port ${node[key]} is already ${owner}` });
        else ports.set(node[key], `${node.name}'s ${key}`);
      }
    });
  });

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
    choices: [
      { value: 'imcl', label: 'With IBM Installation Manager (imcl) from the installer repository' },
      { value: 'archive', label: 'From a Liberty archive (wlp-*.zip or wlp-*.jar)' },
      { value: 'maven', label: 'Download Open Liberty from Maven Central with mvn (no installer or archive needed)' },
    ],
    default: 'imcl',
  },
  {
    path: 'liberty.imclPath',
    kind: 'path',
    schema: executableFile,
    prompt: 'Path of imcl',
    help: 'The Installation Manager command line, e.g. /opt/IBM/InstallationManager/eclipse/tools/imcl.',
    default: '/opt/IBM/InstallationManager/eclipse/tools/imcl',
    when: usesImcl,
  },
  {
    path: 'liberty.repositoryDir',
    kind: 'path',
    schema: existingDirectory.refine((dir) => fs.existsSync(path.join(dir, 'repository.config')), {
      message: 'holds no repository.config: it is not an Installation Manager repository',
    }),
    prompt: 'Directory of the extracted Liberty installer (the repository)',
    help: 'Where you extracted the WebSphere Liberty installer: the directory that holds repository.config.',
    fix: 'Set liberty.repositoryDir to the directory where you extracted the Liberty installer (it holds repository.config).',
    when: usesImcl,
  },
  {
    path: 'liberty.packageId',
    kind: 'text',
    schema: z.string().regex(/^[\w.]+$/, 'must be an Installation Manager package id such as com.ibm.websphere.liberty.v85'),
    prompt: 'Installation Manager package id',
    help: 'The tutorial installs com.ibm.websphere.liberty.v85; `imcl listAvailablePackages -repositories DIR` lists others.',
    default: 'com.ibm.websphere.liberty.v85',
    when: usesImcl,
  },
  {
    path: 'liberty.archive',
    kind: 'path',
    schema: existingFile.refine((file) => /\.(zip|jar)$/.test(file), { message: 'must be a .zip or .jar Liberty archive' }),
    prompt: 'Liberty archive to extract',
    help: 'A Liberty archive: wlp-*.zip or openliberty-*.zip (top directory wlp/), or the self-extracting wlp-*.jar.',
    when: (a) => getAt(a, 'liberty.installMethod') === 'archive',
  },
  {
    path: 'liberty.artifact',
    kind: 'text',
    schema: z.string().regex(/^[\w.-]+:[\w.-]+$/, 'must be groupId:artifactId of a Liberty zip, such as io.openliberty:openliberty-webProfile8'),
    prompt: 'Liberty runtime on Maven (groupId:artifactId)',
    help: `A Liberty zip on Maven Central or your mirror; ${DEFAULT_LIBERTY_ARTIFACT} holds every feature PMF needs.`,
    default: DEFAULT_LIBERTY_ARTIFACT,
    when: usesMaven,
  },
  {
    path: 'liberty.version',
    kind: 'text',
    schema: z.string().regex(/^\d+(\.\d+)*$/, 'must be a Liberty version such as 26.0.0.3'),
    prompt: 'Liberty version',
    help: `The version of liberty.artifact to download; ${PINNED_LIBERTY.version} is the one this wizard is tested with.`,
    default: PINNED_LIBERTY.version,
    when: usesMaven,
  },
  {
    path: 'liberty.installDir',
    kind: 'path',
    schema: writableDirectory,
    prompt: 'Liberty installation directory',
    help: 'Where Liberty is installed (liberty_install_dir in the tutorial); it must be new, empty or already hold Liberty.',
    fix: 'Set liberty.installDir to a directory this user can create or write, e.g. /opt/IBM/WebSphere/Liberty.',
    default: '/opt/IBM/WebSphere/Liberty',
  },
  {
    path: 'liberty.userDir',
    kind: 'path',
    schema: writableDirectory,
    prompt: 'Directory for the servers (WLP_USER_DIR)',
    help: 'Written to <install>/etc/server.env so servers live where no special privilege is needed; empty keeps <install>/usr.',
    optional: true,
  },
  {
    path: 'nodes',
    kind: 'nodes',
    schema: nodesSchema,
    prompt: 'Farm nodes (Liberty servers)',
    help: 'One Liberty server per node, each with its own HTTP and HTTPS port; the first one is created here.',
    default: [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }],
  },
];

interface Paths {
  installDir: string;
  userDir: string;
  serverDir: string;
  node: NodeAnswer;
}

function pathsOf(ctx: StepContext): Paths {
  const { liberty, nodes } = ctx.answers;
  const userDir = liberty.userDir ?? effectiveUserDir(liberty.installDir);
  return { installDir: liberty.installDir, userDir, serverDir: path.join(userDir, 'servers', nodes[0].name), node: nodes[0] };
}

function serverXmlOf(serverDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(serverDir, 'server.xml'), 'utf8');
  } catch {
    return undefined;
  }
}

function userDirConfigured(ctx: StepContext): boolean {
  const { installDir, userDir } = ctx.answers.liberty;
  return userDir === undefined || readEnvFile(installEnvFile(installDir)).WLP_USER_DIR === userDir;
}

export function portsMatch(xml: string, node: NodeAnswer): boolean {
  const endpoint = readHttpEndpoint(xml);
  return endpoint?.httpPort === node.httpPort && endpoint?.httpsPort === node.httpsPort;
}

/**
 * Every node port that another process holds, with the next free pair. A node whose server
 * already exists with these ports is ours: its own listener is not a conflict.
 */
export async function portProblems(ctx: StepContext): Promise<FieldProblem[]> {
  const nodes = ctx.answers.nodes ?? [];
  const reserved = new Set(nodes.flatMap((node) => [node.httpPort, node.httpsPort]));
  const problems: FieldProblem[] = [];
  const installDir = ctx.answers.liberty?.installDir;
  for (const [index, node] of nodes.entries()) {
    let ownRunning: boolean | undefined;
    const taken: number[] = [];
    for (const port of [node.httpPort, node.httpsPort]) {
      if (await isPortFree(port)) continue;
      if (ownRunning === undefined) {
        const xml = installDir ? serverXmlOf(path.join(ctx.answers.liberty?.userDir ?? effectiveUserDir(installDir), 'servers', node.name)) : undefined;
        ownRunning = Boolean(xml && portsMatch(xml, node) && installDir && fs.existsSync(serverScript(installDir)) && (await serverStatus(ctx.runner, installDir, node.name).catch(() => 'stopped')) === 'running');
      }
      if (!ownRunning) taken.push(port);
    }
    if (!taken.length) continue;
    const pair = await nextFreePair(node, reserved);
    const which = taken.map((port) => `${port === node.httpPort ? 'httpPort' : 'httpsPort'} ${port}`).join(' and ');
    problems.push({
      path: `nodes[${index}].${taken[0] === node.httpPort ? 'httpPort' : 'httpsPort'}`,
      message: `${node.name}'s ${which} ${taken.length > 1 ? 'are' : 'is'} already in use by another process on this machine`,
      fix: pair
        ? `Use the next free pair for ${node.name}: "httpPort": ${pair.httpPort}, "httpsPort": ${pair.httpsPort} (or stop the process on ${taken.join(' and ')}: \`ss -ltnp 'sport = :${taken[0]}'\` shows it).`
        : `Choose other ports for ${node.name}, or stop the process on ${taken.join(' and ')}.`,
    });
    if (pair) {
      reserved.add(pair.httpPort);
      reserved.add(pair.httpsPort);
    }
  }
  return problems;
}

function installPlan(liberty: LibertyAnswers, installDir: string): PlannedAction[] {
  if (liberty.installMethod === 'imcl') {
    const args = imclInstallArgs({ imclPath: liberty.imclPath!, packageId: liberty.packageId, repositoryDir: liberty.repositoryDir!, installDir });
    return [{ summary: `Install ${liberty.packageId} with Installation Manager (license accepted)`, command: [liberty.imclPath!, ...args] }];
  }
  const actions: PlannedAction[] = [];
  let archive = liberty.archive!;
  if (liberty.installMethod === 'maven') {
    const request = { artifact: liberty.artifact!, version: liberty.version! };
    const spec = mavenCopyCommand(request, downloadDir(installDir));
    actions.push({ summary: `Download ${coordinatesOf(request)} with Maven (your ~/.m2/settings.xml applies; license accepted)`, command: [spec.command, ...spec.args] });
    archive = downloadedFile(request, downloadDir(installDir));
  }
  const spec = extractCommand(archive, extractionDir(installDir));
  actions.push({ summary: `Extract ${path.basename(archive)} and move its wlp/ to ${installDir}`, command: [spec.command, ...spec.args] });
  return actions;
}

async function install(ctx: StepContext, liberty: LibertyAnswers, installDir: string): Promise<void> {
  if (liberty.installMethod === 'imcl') {
    ctx.report(`Installing ${liberty.packageId} from ${liberty.repositoryDir} into ${installDir}`);
    ctx.report(await imclInstall(ctx.runner, { imclPath: liberty.imclPath!, packageId: liberty.packageId, repositoryDir: liberty.repositoryDir!, installDir }));
    return;
  }
  if (liberty.installMethod === 'archive') {
    ctx.report(`Extracting ${liberty.archive} into ${installDir}`);
    return extractLibertyArchive(ctx.runner, liberty.archive!, installDir);
  }
  const request = { artifact: liberty.artifact!, version: liberty.version! };
  ctx.report(`Downloading ${coordinatesOf(request)} with Maven`);
  const file = await downloadLiberty(ctx.runner, request, downloadDir(installDir));
  ctx.report(`${coordinatesOf(request)} comes under the ${archiveLicense(file) ?? 'license in wlp/lafiles/'} (wlp/LICENSE), accepted with liberty.acceptLicense`);
  ctx.report(`Extracting ${path.basename(file)} into ${installDir}`);
  await extractLibertyArchive(ctx.runner, file, installDir);
  fs.rmSync(downloadDir(installDir), { recursive: true, force: true });
}

export const installLibertyStep: Step = {
  id: 'install-liberty',
  title: 'Install Liberty and create the first server',
  questions: installLibertyQuestions,

  // Every node's ports, checked once for the whole farm before anything changes.
  async preflight(ctx) {
    return portProblems(ctx);
  },

  async isDone(ctx) {
    const { installDir, userDir, serverDir, node } = pathsOf(ctx);
    const product = installedProduct(installDir);
    const xml = serverXmlOf(serverDir);
    const facts = [
      product ? `${product.name} ${product.version} is installed in ${installDir}` : `no Liberty in ${installDir}`,
      ctx.answers.liberty.userDir === undefined ? undefined : userDirConfigured(ctx) ? `etc/server.env sets WLP_USER_DIR=${userDir}` : 'etc/server.env does not set WLP_USER_DIR yet',
      xml ? `server ${node.name} exists in ${serverDir}` : `server ${node.name} does not exist yet`,
      xml && !portsMatch(xml, node) ? `its ports are not ${node.httpPort}/${node.httpsPort} yet` : undefined,
    ].filter(Boolean);
    return { done: Boolean(product && userDirConfigured(ctx) && xml && portsMatch(xml, node)), detail: facts.join('; ') };
  },

  async plan(ctx) {
    const { installDir, userDir, serverDir, node } = pathsOf(ctx);
    const actions: PlannedAction[] = installedProduct(installDir) ? [] : installPlan(ctx.answers.liberty, installDir);
    actions.push({
      summary: `Check that Liberty has the features PMF needs (${PMF_FEATURES.map((feature) => feature.need).join(', ')}) and that it supports the Java it will use`,
      command: [libertyJava(installDir, serverDir).command, '-version'],
    });
    if (!userDirConfigured(ctx)) {
      actions.push({ summary: `Set WLP_USER_DIR in etc/server.env`, file: installEnvFile(installDir), detail: `WLP_USER_DIR=${userDir}` });
    }
    const xml = serverXmlOf(serverDir);
    if (!xml) actions.push({ summary: `Create server ${node.name}`, command: [serverScript(installDir), 'create', node.name] });
    if (!xml || !portsMatch(xml, node)) {
      actions.push({ summary: `Set ${node.name}'s httpEndpoint ports to ${node.httpPort}/${node.httpsPort}`, file: path.join(serverDir, 'server.xml') });
    }
    return actions;
  },

  async run(ctx) {
    const { liberty } = ctx.answers;
    const { installDir, userDir, serverDir, node } = pathsOf(ctx);
    let product = installedProduct(installDir);
    if (!product) {
      await install(ctx, liberty, installDir);
      product = installedProduct(installDir);
      if (!product) {
        throw new StepFailure(
          `The installation finished but ${installDir} holds no Liberty (no bin/server or lib/versions/*.properties)`,
          'Check that the repository or archive is WebSphere Liberty, and look at the output above.',
        );
      }
    }
    assertPmfFeatures(installDir, product.version);
    const java = await assertSupportedJava(ctx.runner, installDir, serverDir, product.version);
    ctx.report(`${product.name} ${product.version} has the features PMF needs and runs on Java ${java.major} (${java.from})`);
    if (liberty.userDir !== undefined) {
      fs.mkdirSync(userDir, { recursive: true });
      fs.mkdirSync(path.dirname(installEnvFile(installDir)), { recursive: true });
      if (setEnvFileValue(installEnvFile(installDir), 'WLP_USER_DIR', userDir)) ctx.report(`Set WLP_USER_DIR=${userDir} in ${installEnvFile(installDir)}`);
    }
    let xml = serverXmlOf(serverDir);
    if (xml === undefined) {
      if (fs.existsSync(serverDir)) {
        throw new StepFailure(
          `${serverDir} exists but holds no server.xml: it is not a complete Liberty server`,
          `Move ${serverDir} away (or choose another nodes[0].name), then run again with --resume.`,
        );
      }
      ctx.report(`Creating server ${node.name}`);
      await createServer(ctx.runner, installDir, node.name);
      xml = serverXmlOf(serverDir);
      if (xml === undefined) {
        throw new StepFailure(`server create ${node.name} did not write ${path.join(serverDir, 'server.xml')}`, `Check WLP_USER_DIR in ${installEnvFile(installDir)} and the environment.`);
      }
    }
    if (!portsMatch(xml, node)) {
      const endpoint = readHttpEndpoint(xml);
      if (hasPmfInstalled(xml)) {
        throw new StepFailure(
          `Server ${node.name} already exists with another configuration: PMF is installed on ports ${endpoint?.httpPort}/${endpoint?.httpsPort}, the answers say ${node.httpPort}/${node.httpsPort}`,
          `Set nodes[0] ports to ${endpoint?.httpPort}/${endpoint?.httpsPort}, or choose another nodes[0].name for a new server.`,
        );
      }
      const file = path.join(serverDir, 'server.xml');
      const temp = `${file}.tmp-${process.pid}`;
      fs.writeFileSync(temp, setHttpEndpointPorts(xml, node.httpPort, node.httpsPort));
      fs.renameSync(temp, file);
      ctx.report(`Set ${node.name}'s ports to ${node.httpPort}/${node.httpsPort}`);
    }
    return { product: product.name, version: product.version, userDir, serverDir };
  },
};
