import crypto from 'node:crypto';

/** One entry of a keystore, as keytool lists it. */
export interface StoreEntry {
  alias: string;
  kind: 'key' | 'trusted';
  /** The entry's (first) certificate, PEM. */
  pem: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as keytool prints it). */
  sha256: string;
  subject: string;
}

export function fingerprintOf(pem: string): string {
  return new crypto.X509Certificate(pem).fingerprint256;
}

export function subjectOf(pem: string): string {
  return new crypto.X509Certificate(pem).subject.replace(/\n/g, ', ');
}

export function storeEntry(alias: string, kind: StoreEntry['kind'], pem: string): StoreEntry {
  return { alias, kind, pem, sha256: fingerprintOf(pem), subject: subjectOf(pem) };
}
