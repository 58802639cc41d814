/**
 * A farm member's security files as the farm wants them: a certificate naming the host the
 * members reach it by, the farm's one LTPA keysPassword, and a keystore the running server reloads
 * when a peer's certificate is added. Written before a server's first start, they make joining
 * the farm later need no restart of it (step 4 for the first node, step 6 for the others).
 */
import fs from 'node:fs';
import { defaultKeystoreOf, setKeystoreReload, type KeystoreRef } from '../adapters/keystore/default-keystore.js';
import { createDefaultCertificate } from '../adapters/keystore/keytool.js';
import { installedProduct } from '../adapters/liberty.js';
import { ltpaConfigOf } from '../adapters/ltpa.js';
import { writeLtpaKeysPassword } from '../adapters/server-password.js';
import type { StepContext } from '../engine/step.js';
import { answersOf } from './answers.js';
import { jmxHostOf, type FarmNode } from './nodes.js';

/** Name of the generated keysPassword in the state dir (mode 0600, never in the checkpoint). */
export const LTPA_SECRET = 'ltpa-keys-password';

/** The one keysPassword of the farm, masked in every log line. */
export function farmKeysPassword(ctx: StepContext): string {
  const password = ctx.generatedSecret(LTPA_SECRET);
  ctx.addSecret(password);
  return password;
}

/** The DN Liberty gives its default certificate: CN=<host the members use>,OU=<server>,O=ibm,C=us. */
export function defaultDn(farmNode: FarmNode): string {
  const esc = (value: string) => value.replace(/([,+"\\<>;=])/g, '\\$1');
  return `CN=${esc(jmxHostOf(farmNode))},OU=${esc(farmNode.node.name)},O=ibm,C=us`;
}

/** A keystore made offline as Liberty makes it at first start, but for the host the members use. */
export async function createMemberKeystore(ctx: StepContext, farmNode: FarmNode, keystore: KeystoreRef): Promise<void> {
  ctx.report(`Creating ${farmNode.node.name}'s keystore ${keystore.file} (${defaultDn(farmNode)}), as Liberty does at first start`);
  await createDefaultCertificate(ctx.runner, keystore, defaultDn(farmNode));
}

/** Sets `<ltpa keysPassword>` in a member's server.xml ({aes} where its Liberty can) and says how. */
export async function setKeysPassword(ctx: StepContext, farmNode: FarmNode, password: string): Promise<void> {
  const target = { libertyInstallDir: answersOf(ctx).liberty.installDir, serverDir: farmNode.serverDir, password, aesKey: ctx.generatedSecret('liberty-aes-key') };
  const written = await writeLtpaKeysPassword(ctx.runner, target);
  if (written) ctx.report(`${farmNode.node.name}: ${written.sentence}`);
}

/** Has the member reload its keystore when it changes; says so the first time. */
export function letKeystoreReload(ctx: StepContext, farmNode: FarmNode): void {
  const keystore = defaultKeystoreOf(farmNode.serverDir);
  if (!keystore || keystore.reloads) return;
  if (setKeystoreReload(farmNode.serverDir)) ctx.report(`${farmNode.node.name}: its keystore is reloaded when a peer's certificate is added (updateTrigger="polled"), so adding a member restarts no server`);
}

/**
 * Before a member's first start: what Liberty would otherwise generate at that start (its
 * keystore, its LTPA keys) is made or set up as the farm wants it. A server that started before
 * keeps its files: step 6 compares and repairs them.
 */
export async function prepareFirstStart(ctx: StepContext, farmNode: FarmNode): Promise<void> {
  const installDir = answersOf(ctx).liberty.installDir;
  const keystore = defaultKeystoreOf(farmNode.serverDir, installedProduct(installDir)?.version);
  if (keystore) ctx.addSecret(keystore.password);
  if (keystore && !fs.existsSync(keystore.file)) await createMemberKeystore(ctx, farmNode, keystore);
  const ltpa = ltpaConfigOf(farmNode.serverDir);
  const password = farmKeysPassword(ctx);
  if (!fs.existsSync(ltpa.file) && ltpa.password !== password) await setKeysPassword(ctx, farmNode, password);
  letKeystoreReload(ctx, farmNode);
}
