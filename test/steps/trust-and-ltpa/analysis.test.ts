/**
 * The trust-and-ltpa analysis from members' facts alone: what isDone() calls the whole end state
 * (each node's own key pair "default", served on its HTTPS port, trusted by every peer; one set
 * of LTPA keys) and what must change when a crash or a hand undid part of it.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadForge } from '../../../source/adapters/forge.js';
import { storeEntry, type StoreEntry } from '../../../source/adapters/keystore/store-entry.js';
import { parseLtpaKeys } from '../../../source/adapters/ltpa.js';
import { analysisOf, changesOf, complete, trustsInPlace, type FarmAnalysis } from '../../../steps/trust-and-ltpa/analysis.js';
import type { NodeFacts } from '../../../steps/trust-and-ltpa/facts.js';

const PASSWORD = 'farm-keys-password';
const HOST = 'farm.example';

/** A self-signed certificate naming the farm's host, as Liberty (or keytool -genkeypair) makes one. */
function selfSigned(ou: string): string {
  const forge = loadForge();
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'pkcs1', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = crypto.randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const name = [{ name: 'commonName', value: HOST }, { shortName: 'OU', value: ou }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** ltpa.keys whose 3DES key the farm's keysPassword opens (Liberty's encryption: 3DES-ECB, key = SHA-1 of the password, zero-padded). */
function farmLtpaKeys() {
  const key = Buffer.alloc(24);
  crypto.createHash('sha1').update(PASSWORD).digest().copy(key);
  const cipher = crypto.createCipheriv('des-ede3', key, null);
  const des = Buffer.concat([cipher.update(crypto.randomBytes(24)), cipher.final()]).toString('base64');
  return parseLtpaKeys(`com.ibm.websphere.ltpa.3DESKey=${des.replace(/=/g, '\\=')}\ncom.ibm.websphere.ltpa.PublicKey=AQAB\n`);
}

const ltpaKeys = farmLtpaKeys();

function member(index: number, entries: StoreEntry[]): NodeFacts {
  const name = `pmf${index + 1}`;
  const node = { name, httpPort: 9080 + index, httpsPort: 9443 + index };
  const serverDir = `/srv/wlp-usr/servers/${name}`;
  const own = entries.find((entry) => entry.alias === 'default' && entry.kind === 'key');
  return {
    farmNode: { index, node, serverDir, serverXml: `${serverDir}/server.xml`, entry: { node, file: `/state/ant/${name}/configure-liberty-mysql.xml`, rows: [], wanted: new Map() } },
    status: 'running',
    keystore: { file: `${serverDir}/resources/security/key.p12`, type: 'PKCS12', password: 'store-pw', rawPassword: 'store-pw' },
    keystoreExists: true,
    entries,
    own,
    ltpaFile: `${serverDir}/resources/security/ltpa.keys`,
    ltpaKeys,
    ltpaPassword: PASSWORD,
    jmxHost: HOST,
    namesHost: own ? true : undefined,
    served: own ? { own: true, detail: 'handshake succeeded' } : undefined,
  };
}

const certificates = ['pmf1', 'pmf2', 'pmf3'].map((name) => selfSigned(name));
const ownKey = (i: number) => storeEntry('default', 'key', certificates[i]);
const peersOf = (i: number) => certificates.flatMap((pem, j) => (j === i ? [] : [storeEntry(`farm-pmf${j + 1}`, 'trusted', pem)]));
/** A farm of three where everyone holds its key pair and trusts both peers. */
const healthyEntries = (i: number) => [ownKey(i), ...peersOf(i)];

function analysed(entriesOf: (i: number) => StoreEntry[]): { analysis: FarmAnalysis; facts: NodeFacts[] } {
  const facts = [0, 1, 2].map((i) => member(i, entriesOf(i)));
  return { analysis: analysisOf(facts, PASSWORD), facts };
}

describe('the end state trust-and-ltpa promises', () => {
  it('is complete when every node holds its key pair, serves it and trusts every peer', () => {
    const { analysis, facts } = analysed(healthyEntries);
    expect(facts.map((f) => changesOf(analysis, f))).toEqual([[], [], []]);
    expect(complete(analysis)).toBe(true);
  });

  it('a node whose key pair "default" is gone gets a new one, and every peer imports its new certificate', () => {
    // What a crash right after `keytool -delete -alias default` on pmf1 leaves: its trusted peers, no key pair.
    const { analysis, facts } = analysed((i) => (i === 0 ? peersOf(0) : healthyEntries(i)));
    const [pmf1, pmf2, pmf3] = facts;
    expect(complete(analysis)).toBe(false);
    expect(analysis.noKeyPair).toEqual(new Set(['pmf1']));
    expect(analysis.renewed).toEqual(new Set(['pmf1']));
    expect(changesOf(analysis, pmf1)).toEqual([`its keystore ${pmf1.keystore?.file} holds no key pair "default" (its own certificate): a new one is made`]);
    // pmf2 and pmf3 still hold pmf1's old certificate, and must take the new one all the same.
    for (const peer of [pmf2, pmf3]) {
      expect(analysis.trustGaps.get(peer.farmNode.node.name)?.map((g) => g.farmNode.node.name)).toEqual(['pmf1']);
      expect(changesOf(analysis, peer)).toEqual(["trust pmf1's new certificate"]);
    }
  });

  it('a trusted certificate or another key pair is not the node\'s own key pair "default"', () => {
    const other = storeEntry('mykey', 'key', certificates[0]);
    const trustedDefault = storeEntry('default', 'trusted', certificates[0]);
    for (const entries of [[other, ...peersOf(0)], [trustedDefault, ...peersOf(0)]]) {
      const { analysis } = analysed((i) => (i === 0 ? entries : healthyEntries(i)));
      expect(analysis.noKeyPair).toEqual(new Set(['pmf1']));
      expect(complete(analysis)).toBe(false);
    }
  });

  it('a running node that serves another certificate than its keystore\'s, or shows none, is restarted', () => {
    for (const served of [
      { own: false, detail: "serves another certificate than its keystore's (farm.example)" },
      { own: false, detail: 'its HTTPS port did not show its certificate (nothing listens on farm.example:9444)' },
    ]) {
      const facts = [0, 1, 2].map((i) => member(i, healthyEntries(i)));
      facts[1].served = served;
      const analysis = analysisOf(facts, PASSWORD);
      expect(complete(analysis)).toBe(false);
      expect(analysis.staleServing).toEqual(new Set(['pmf2']));
      expect(changesOf(analysis, facts[1])).toEqual([`${served.detail}: it restarts to serve its keystore's certificate`]);
      expect(analysis.renewed.size).toBe(0);
    }
  });

  it('a running node whose keystore reloads, and whose only change is a peer to trust, is not stopped; any other change, or no reload, stops it', () => {
    const missingPeer = (i: number) => (i === 0 ? [ownKey(0), peersOf(0)[0]] : healthyEntries(i));
    const withReload = (facts: NodeFacts[], reloads: boolean) => facts.map((f) => ({ ...f, keystore: f.keystore && { ...f.keystore, reloads } }));
    const reloading = withReload([0, 1, 2].map((i) => member(i, missingPeer(i))), true);
    let analysis = analysisOf(reloading, PASSWORD);
    expect(changesOf(analysis, reloading[0])).toEqual(['trust pmf3']);
    expect(trustsInPlace(analysis, reloading[0])).toBe(true);
    expect(reloading.slice(1).map((f) => trustsInPlace(analysis, f))).toEqual([false, false]);

    const fixed = withReload([0, 1, 2].map((i) => member(i, missingPeer(i))), false);
    expect(trustsInPlace(analysisOf(fixed, PASSWORD), fixed[0])).toBe(false);

    const stopped = reloading.map((f, i) => (i === 0 ? { ...f, status: 'stopped' as const } : f));
    expect(trustsInPlace(analysisOf(stopped, PASSWORD), stopped[0])).toBe(false);

    // Trust and a keysPassword to change: the server is stopped for both.
    const alsoLtpa = reloading.map((f, i) => (i === 0 ? { ...f, ltpaPassword: 'WebAS' } : f));
    analysis = analysisOf(alsoLtpa, PASSWORD);
    expect(changesOf(analysis, alsoLtpa[0])).toHaveLength(2);
    expect(trustsInPlace(analysis, alsoLtpa[0])).toBe(false);
  });
});
