/** What the files (and, for a running server, its HTTPS port) say about one member. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { defaultKeystoreOf, type KeystoreRef } from '../../source/adapters/keystore/default-keystore.js';
import { listEntries } from '../../source/adapters/keystore/keytool.js';
import type { StoreEntry } from '../../source/adapters/keystore/store-entry.js';
import { installedProduct, type ServerState } from '../../source/adapters/liberty.js';
import { ltpaConfigOf, readLtpaKeys, type LtpaKeys } from '../../source/adapters/ltpa.js';
import { tlsHandshake } from '../../source/adapters/tls.js';
import type { StepContext } from '../../source/engine/step.js';
import { answersOf } from '../../source/farm/answers.js';
import { jmxHostOf, type FarmNode } from '../../source/farm/nodes.js';
import { memberStatus } from '../../source/farm/server-start.js';

export interface NodeFacts {
  farmNode: FarmNode;
  status: ServerState;
  keystore?: KeystoreRef;
  keystoreExists: boolean;
  entries: StoreEntry[];
  /** The node's own key pair: the entry "default", a PrivateKeyEntry (undefined: its keystore has none). */
  own?: StoreEntry;
  ltpaFile: string;
  ltpaKeys?: LtpaKeys;
  ltpaPassword: string;
  /** The name the other members reach it by (mfp.admin.jmx.host). */
  jmxHost: string;
  /** Whether its certificate names that host (host name verification of the members' JMX client). */
  namesHost?: boolean;
  /** Running servers with a key pair, when asked: whether its HTTPS port presents that key's certificate, and if not what it showed. */
  served?: ServedCertificate;
}

export interface ServedCertificate {
  own: boolean;
  /** Why it is not known to be its own: another certificate (changed on disk, not restarted), or no TLS answer. */
  detail: string;
}

/** Whether a running server presents its keystore's certificate; a port that shows none is not taken as proof. */
async function servedCertificate(farmNode: FarmNode, jmxHost: string, own: StoreEntry): Promise<ServedCertificate> {
  // Trusting only its own keystore certificate: an "untrusted" answer means it serves another one.
  const probe = await tlsHandshake({ host: jmxHost, port: farmNode.node.httpsPort, ca: [own.pem], timeoutMs: 5000 });
  if (probe.ok) return { own: true, detail: probe.detail };
  if (/not in the truststore/.test(probe.detail)) return { own: false, detail: `serves another certificate than its keystore's (${probe.peerSubject ?? 'unknown subject'})` };
  return { own: false, detail: `its HTTPS port did not show its certificate (${probe.detail})` };
}

export async function factsOf(ctx: StepContext, farmNode: FarmNode, withServed: boolean): Promise<NodeFacts> {
  const installDir = answersOf(ctx).liberty.installDir;
  const status = await memberStatus(ctx, farmNode);
  const keystore = defaultKeystoreOf(farmNode.serverDir, installedProduct(installDir)?.version);
  if (keystore) ctx.addSecret(keystore.password);
  const keystoreExists = Boolean(keystore && fs.existsSync(keystore.file));
  const entries = keystore && keystoreExists ? await listEntries(ctx.runner, keystore) : [];
  const ltpa = ltpaConfigOf(farmNode.serverDir);
  // Liberty makes its key pair as "default", and so does this step: that entry is the one promised.
  const own = entries.find((entry) => entry.alias === 'default' && entry.kind === 'key');
  const jmxHost = jmxHostOf(farmNode);
  return {
    farmNode,
    status,
    jmxHost,
    namesHost: own ? new crypto.X509Certificate(own.pem).checkHost(jmxHost) !== undefined : undefined,
    keystore,
    keystoreExists,
    entries,
    own,
    ltpaFile: ltpa.file,
    ltpaKeys: readLtpaKeys(ltpa.file),
    ltpaPassword: ltpa.password,
    served: withServed && status === 'running' && own ? await servedCertificate(farmNode, jmxHost, own) : undefined,
  };
}
