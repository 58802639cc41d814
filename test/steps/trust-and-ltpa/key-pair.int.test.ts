/**
 * trust-and-ltpa on a real two-node farm (real Liberty, keytool, MariaDB, built by the CLI): a
 * node's key pair "default" deleted from its keystore, by hand or by a crash of the step right
 * after its `keytool -delete`, is seen by isDone() and made again by the step, and then each node
 * reaches the other over TLS with its own truststore. The step itself runs in this process.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultKeystoreOf, type KeystoreRef } from '../../../source/adapters/keystore/default-keystore.js';
import { listEntries } from '../../../source/adapters/keystore/keytool.js';
import { tlsHandshake } from '../../../source/adapters/tls.js';
import { readAnswersFile, resolveOrThrow } from '../../../source/engine/answers.js';
import type { Runner } from '../../../source/engine/runner.js';
import type { StepOutputs } from '../../../source/engine/step.js';
import { farmNodes, jmxHostOf } from '../../../source/farm/nodes.js';
import { steps } from '../../../steps/index.js';
import { trustAndLtpaStep } from '../../../steps/trust-and-ltpa/index.js';
import { formatFarmReport, verifyFarm } from '../../../steps/verify-farm/index.js';
import { build, expectGreen, farmLifecycle, nodesWithFreePorts, prepare, retire, serverDir, type Farm } from '../../support/farm-e2e.js';
import { makeStepContext, type TestStepContext } from '../../support/step-context.js';

farmLifecycle();

/** The step's context as the engine gives it for this farm: its answers resolved, its state dir, the outputs of the steps before. */
function stepContext(farm: Farm): TestStepContext {
  const resolution = resolveOrThrow(readAnswersFile(farm.answers), steps, { baseDir: farm.dir, env: { ...process.env, ...farm.env } });
  const checkpoint = JSON.parse(fs.readFileSync(path.join(farm.state, 'checkpoint.json'), 'utf8')) as { steps: Record<string, { outputs?: StepOutputs }> };
  const outputs = Object.fromEntries(Object.entries(checkpoint.steps).map(([id, step]) => [id, step.outputs ?? {}]));
  return makeStepContext(resolution.answers, { stateDir: farm.state, secrets: resolution.secrets, outputs });
}

/** pmf1's keystore, its password read from server.xml as the step reads it. */
function keystoreOf(farm: Farm, node: string): KeystoreRef {
  const keystore = defaultKeystoreOf(serverDir(farm, node));
  if (!keystore) throw new Error(`${node}'s server.xml declares no defaultKeyStore`);
  return keystore;
}

async function keytool(keystore: KeystoreRef, args: string[]): Promise<void> {
  const result = await execa('keytool', [...args, '-keystore', keystore.file, '-storetype', keystore.type, '-storepass:env', 'KS_PW'], { env: { KS_PW: keystore.password }, reject: false, all: true });
  expect(result.exitCode, String(result.all)).toBe(0);
}

async function ownCertificate(t: TestStepContext, keystore: KeystoreRef): Promise<string | undefined> {
  return (await listEntries(t.ctx.runner, keystore)).find((entry) => entry.alias === 'default' && entry.kind === 'key')?.sha256;
}

/** TLS from each node to the other, trusting only the certificates of its own keystore, checking the host the members use. */
async function expectMutualTrust(t: TestStepContext, farm: Farm): Promise<void> {
  const { nodes } = farmNodes(t.ctx);
  for (const a of nodes) {
    const ca = (await listEntries(t.ctx.runner, keystoreOf(farm, a.node.name))).map((entry) => entry.pem);
    for (const b of nodes.filter((n) => n !== a)) {
      const handshake = await tlsHandshake({ host: jmxHostOf(b), port: b.node.httpsPort, ca, timeoutMs: 10_000 });
      expect(handshake.ok, `${a.node.name} → ${b.node.name}: ${handshake.detail}`).toBe(true);
    }
  }
  // The farm's own verification (what `pmf-wizard verify` runs), in this process: every check green.
  const report = await verifyFarm(t.ctx);
  expect(report.healthy, formatFarmReport(report).join('\n')).toBe(true);
}

/** A runner that dies right after the first `keytool -delete` has done its work, as a killed wizard would. */
function crashingAfterDelete(inner: Runner): Runner {
  return {
    run: async (spec) => {
      const result = await inner.run(spec);
      if (spec.args.includes('-delete')) throw new Error(`killed right after ${path.basename(spec.command)} -delete`);
      return result;
    },
  };
}

describe('trust-and-ltpa: each node keeps its own key pair', () => {
  it('a key pair deleted by hand, or by a crash right after keytool -delete, is seen by isDone() and made again', async () => {
    const farm = prepare(await nodesWithFreePorts(2));
    expectGreen(await build(farm), farm);
    const t = stepContext(farm);
    const pmf1 = keystoreOf(farm, 'pmf1');
    expect(await trustAndLtpaStep.isDone(t.ctx)).toMatchObject({ done: true });

    // 1. By hand, while pmf1 runs: its keystore has no key pair left, and it still serves the old one.
    const before = await ownCertificate(t, pmf1);
    expect(before).toBeDefined();
    await keytool(pmf1, ['-delete', '-alias', 'default']);
    const missing = await trustAndLtpaStep.isDone(t.ctx);
    expect(missing.done).toBe(false);
    expect(missing.detail).toContain(`pmf1 (running): its keystore ${pmf1.file} holds no key pair "default"`);
    expect(missing.detail).toContain("pmf2 (running): trust pmf1's new certificate");
    const repaired = await trustAndLtpaStep.run(t.ctx);
    expect(repaired).toMatchObject({ keystoresCreated: ['pmf1'], certificatesExported: ['pmf1'], keystoresUpdated: ['pmf2'], restartedNodes: ['pmf1'], reloadedNodes: ['pmf2'] });
    const renewed = await ownCertificate(t, pmf1);
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(before);
    expect((await listEntries(t.ctx.runner, keystoreOf(farm, 'pmf2'))).find((entry) => entry.alias === 'farm-pmf1')?.sha256).toBe(renewed);
    expect(await trustAndLtpaStep.isDone(t.ctx)).toMatchObject({ done: true });
    await expectMutualTrust(t, farm);

    // 2. A crash: pmf1's certificate does not name the host the members use, so the step makes a
    // new one: it stops pmf1, deletes "default", and dies there.
    await keytool(pmf1, ['-delete', '-alias', 'default']);
    await keytool(pmf1, ['-genkeypair', '-noprompt', '-alias', 'default', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=not-this-host.invalid,OU=pmf1,O=ibm,C=us', '-keypass:env', 'KS_PW']);
    const crashed = stepContext(farm);
    crashed.ctx.runner = crashingAfterDelete(crashed.ctx.runner);
    await expect(trustAndLtpaStep.run(crashed.ctx)).rejects.toThrow(/killed right after keytool -delete/);
    expect(await ownCertificate(t, pmf1)).toBeUndefined();
    const afterCrash = await trustAndLtpaStep.isDone(t.ctx);
    expect(afterCrash.done).toBe(false);
    expect(afterCrash.detail).toContain(`pmf1 (stopped): its keystore ${pmf1.file} holds no key pair "default"`);
    await trustAndLtpaStep.run(t.ctx);
    const remade = await ownCertificate(t, pmf1);
    expect(remade).toBeDefined();
    expect((await listEntries(t.ctx.runner, keystoreOf(farm, 'pmf2'))).find((entry) => entry.alias === 'farm-pmf1')?.sha256).toBe(remade);
    expect(await trustAndLtpaStep.isDone(t.ctx)).toMatchObject({ done: true });
    await expectMutualTrust(t, farm);
    t.close();
    crashed.close();
    retire(farm);
  }, 900_000);
});
