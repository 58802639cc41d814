import fs from 'node:fs';
import { loadForge } from '../forge.js';
import { storeEntry, type StoreEntry } from './store-entry.js';

/**
 * Reads a PKCS12 keystore with node-forge (no JVM start); undefined when forge cannot
 * (an algorithm it lacks): the caller then asks keytool.
 */
export function readPkcs12(file: string, password: string): StoreEntry[] | undefined {
  const forge = loadForge();
  try {
    const der = fs.readFileSync(file).toString('binary');
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), false, password);
    const keyIds = new Set<string>();
    for (const bag of p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []) {
      const id = bag.attributes.localKeyId?.[0];
      if (id) keyIds.add(id);
    }
    const entries: StoreEntry[] = [];
    for (const bag of p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []) {
      if (!bag.cert) continue;
      const alias = bag.attributes.friendlyName?.[0];
      if (!alias) continue;
      const localId = bag.attributes.localKeyId?.[0];
      const pem = forge.pki.certificateToPem(bag.cert).replace(/\r\n/g, '\n');
      entries.push(storeEntry(alias, localId && keyIds.has(localId) ? 'key' : 'trusted', pem));
    }
    return entries;
  } catch {
    return undefined;
  }
}
