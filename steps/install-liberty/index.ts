import fs from 'node:fs';
import path from 'node:path';
import { archiveLicense, extractCommand, extractLibertyArchive, extractionDir } from '../../source/adapters/archive.js';
import { readEnvFile, setEnvFileValue } from '../../source/adapters/env-file.js';
import { imclInstall, imclInstallArgs, type ImclInstall } from '../../source/adapters/imcl.js';
import { ownerMarkerFile } from '../../source/adapters/owner-marker.js';
import { createServer, installEnvFile, installedProduct, serverScript } from '../../source/adapters/liberty.js';
import { assertPmfFeatures, assertSupportedJava, libertyJava, PMF_FEATURES } from '../../source/adapters/liberty-install.js';
import { coordinatesOf, downloadDir, downloadedFile, downloadLiberty, mavenCopyCommand } from '../../source/adapters/maven.js';
import { hasPmfInstalled, readHttpEndpoint, readServerXml, setHttpEndpointPorts, writeServerXml } from '../../source/adapters/server-xml.js';
import { fixedBy, StepFailure, type FieldProblem } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import type { Step, StepContext } from '../../source/engine/step.js';
import { installAnswersOf, type LibertyAnswers, type NodeAnswer } from '../../source/farm/answers.js';
import { portsMatch, serverDirOf, userDirOf } from '../../source/farm/nodes.js';
import { createServerFixes } from '../../source/farm/server-fixes.js';
import { archiveFixes, imclFixes, libertyCheckFixes, MAVEN_FIXES } from './fixes.js';
import { installLibertyDeclaration } from './declaration.js';
import { claimDirectories, ownerProblems, unclaimedDirectories } from './ownership.js';
import { portProblem, takenNodePorts } from './ports.js';

interface Paths {
  installDir: string;
  userDir: string;
  serverDir: string;
  node: NodeAnswer;
}

function pathsOf(ctx: StepContext): Paths {
  const { liberty, nodes } = installAnswersOf(ctx);
  return { installDir: liberty.installDir, userDir: userDirOf(liberty), serverDir: serverDirOf(liberty, nodes[0].name), node: nodes[0] };
}

function userDirConfigured(ctx: StepContext): boolean {
  const { installDir, userDir } = installAnswersOf(ctx).liberty;
  return userDir === undefined || readEnvFile(installEnvFile(installDir)).WLP_USER_DIR === userDir;
}

/** Every node port that another process holds, with the next free pair (ports.ts). */
export async function portProblems(ctx: StepContext): Promise<FieldProblem[]> {
  const { liberty, nodes } = installAnswersOf(ctx);
  return (await takenNodePorts(ctx.runner, liberty, nodes ?? [])).map(portProblem);
}

function imclRequest(liberty: LibertyAnswers, installDir: string): ImclInstall {
  return { imclPath: liberty.imclPath!, packageId: liberty.packageId ?? '', repositoryDir: liberty.repositoryDir!, installDir };
}

function installPlan(liberty: LibertyAnswers, installDir: string): PlannedAction[] {
  if (liberty.installMethod === 'imcl') {
    const args = imclInstallArgs(imclRequest(liberty, installDir));
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
    const request = imclRequest(liberty, installDir);
    ctx.report(`Installing ${liberty.packageId} from ${liberty.repositoryDir} into ${installDir}`);
    ctx.report(await fixedBy(imclInstall(ctx.runner, request), imclFixes(request, ctx.stateDir)));
    return;
  }
  if (liberty.installMethod === 'archive') {
    ctx.report(`Extracting ${liberty.archive} into ${installDir}`);
    return fixedBy(extractLibertyArchive(ctx.runner, liberty.archive!, installDir), archiveFixes(installDir, ctx.stateDir));
  }
  const request = { artifact: liberty.artifact!, version: liberty.version! };
  ctx.report(`Downloading ${coordinatesOf(request)} with Maven`);
  const file = await fixedBy(downloadLiberty(ctx.runner, request, downloadDir(installDir)), MAVEN_FIXES);
  ctx.report(`${coordinatesOf(request)} comes under the ${archiveLicense(file) ?? 'license in wlp/lafiles/'} (wlp/LICENSE), accepted with liberty.acceptLicense`);
  ctx.report(`Extracting ${path.basename(file)} into ${installDir}`);
  await fixedBy(extractLibertyArchive(ctx.runner, file, installDir), archiveFixes(installDir, ctx.stateDir));
  fs.rmSync(downloadDir(installDir), { recursive: true, force: true });
}

/** The features PMF needs, then the Java Liberty will run on: both before any server exists. */
async function checkLiberty(ctx: StepContext, installDir: string, serverDir: string, version: string) {
  assertPmfFeatures(installDir, version);
  return assertSupportedJava(ctx.runner, installDir, serverDir, version);
}

export const installLibertyStep: Step = {
  ...installLibertyDeclaration,

  // Every node's ports, checked once for the whole farm, and the directories another state
  // directory's run owns, before anything changes.
  async preflight(ctx) {
    return [...ownerProblems(ctx), ...(await portProblems(ctx))];
  },

  async isDone(ctx) {
    const { installDir, userDir, serverDir, node } = pathsOf(ctx);
    const product = installedProduct(installDir);
    const xml = readServerXml(serverDir);
    const unclaimed = unclaimedDirectories(ctx).map(({ dir }) => dir);
    const facts = [
      product ? `${product.name} ${product.version} is installed in ${installDir}` : `no Liberty in ${installDir}`,
      installAnswersOf(ctx).liberty.userDir === undefined ? undefined : userDirConfigured(ctx) ? `etc/server.env sets WLP_USER_DIR=${userDir}` : 'etc/server.env does not set WLP_USER_DIR yet',
      xml ? `server ${node.name} exists in ${serverDir}` : `server ${node.name} does not exist yet`,
      xml && !portsMatch(xml, node) ? `its ports are not ${node.httpPort}/${node.httpsPort} yet` : undefined,
      unclaimed.length ? `${unclaimed.join(' and ')} ${unclaimed.length > 1 ? 'are' : 'is'} not marked as this state directory's yet` : undefined,
    ].filter(Boolean);
    return { done: Boolean(product && userDirConfigured(ctx) && xml && portsMatch(xml, node) && !unclaimed.length), detail: facts.join('; ') };
  },

  async plan(ctx) {
    const { installDir, userDir, serverDir, node } = pathsOf(ctx);
    const actions: PlannedAction[] = installedProduct(installDir) ? [] : installPlan(installAnswersOf(ctx).liberty, installDir);
    for (const { dir } of unclaimedDirectories(ctx)) {
      actions.push({ summary: `Mark ${dir} as this state directory's (${ctx.stateDir})`, file: ownerMarkerFile(dir) });
    }
    actions.push({
      summary: `Check that Liberty has the features PMF needs (${PMF_FEATURES.map((feature) => feature.need).join(', ')}) and that it supports the Java it will use`,
      command: [libertyJava(installDir, serverDir).command, '-version'],
    });
    if (!userDirConfigured(ctx)) {
      actions.push({ summary: `Set WLP_USER_DIR in etc/server.env`, file: installEnvFile(installDir), detail: `WLP_USER_DIR=${userDir}` });
    }
    const xml = readServerXml(serverDir);
    if (!xml) actions.push({ summary: `Create server ${node.name}`, command: [serverScript(installDir), 'create', node.name] });
    if (!xml || !portsMatch(xml, node)) {
      actions.push({ summary: `Set ${node.name}'s httpEndpoint ports to ${node.httpPort}/${node.httpsPort}`, file: path.join(serverDir, 'server.xml') });
    }
    return actions;
  },

  async run(ctx) {
    const { liberty } = installAnswersOf(ctx);
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
    claimDirectories(ctx);
    const java = await fixedBy(checkLiberty(ctx, installDir, serverDir, product.version), libertyCheckFixes(installDir));
    ctx.report(`${product.name} ${product.version} has the features PMF needs and runs on Java ${java.major} (${java.from})`);
    if (liberty.userDir !== undefined) {
      fs.mkdirSync(userDir, { recursive: true });
      fs.mkdirSync(path.dirname(installEnvFile(installDir)), { recursive: true });
      if (setEnvFileValue(installEnvFile(installDir), 'WLP_USER_DIR', userDir)) ctx.report(`Set WLP_USER_DIR=${userDir} in ${installEnvFile(installDir)}`);
    }
    let xml = readServerXml(serverDir);
    if (xml === undefined) {
      if (fs.existsSync(serverDir)) {
        throw new StepFailure(
          `${serverDir} exists but holds no server.xml: it is not a complete Liberty server`,
          `Move ${serverDir} away (or choose another nodes[0].name), then run again with --resume.`,
        );
      }
      ctx.report(`Creating server ${node.name}`);
      await fixedBy(createServer(ctx.runner, installDir, node.name), createServerFixes(installDir));
      xml = readServerXml(serverDir);
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
      writeServerXml(serverDir, setHttpEndpointPorts(xml, node.httpPort, node.httpsPort));
      ctx.report(`Set ${node.name}'s ports to ${node.httpPort}/${node.httpsPort}`);
    }
    return { product: product.name, version: product.version, userDir, serverDir };
  },
};
