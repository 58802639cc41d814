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
    const pfx = forge.asn1.fromDer(der);
    // The MAC's key is derived by 10,000 rounds of SHA-256 in JavaScript (about 50 ms a keystore, a
    // node at a time). Decrypting a key bag (native PBKDF2) proves the password as well, so the
    // MAC is checked only for a keystore without one.
    const macData = Array.isArray(pfx.value) ? pfx.value.splice(2) : [];
    let p12 = forge.pkcs12.pkcs12FromAsn1(pfx, false, password);
    const keyBags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
    if (!keyBags.length && macData.length && Array.isArray(pfx.value)) {
      pfx.value.push(...macData);
      p12 = forge.pkcs12.pkcs12FromAsn1(pfx, false, password);
    }
    const keyIds = new Set<string>();
    for (const bag of keyBags) {
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
