import crypto from 'node:crypto';

export interface TrustedCertificate {
  alias: string;
  pem: string;
}

/**
 * A JKS keystore holding only trusted certificates (Sun's format: magic FEEDFEED, version 2,
 * entries, then SHA-1 over password (UTF-16BE) + "Mighty Aphrodite" + content).
 */
export function writeJksTrustStore(certificates: TrustedCertificate[], password: string): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const utf = (s: string) => {
    const body = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length);
    return Buffer.concat([len, body]);
  };
  parts.push(u32(0xfeedfeed), u32(2), u32(certificates.length));
  const now = BigInt(Date.now());
  for (const { alias, pem } of certificates) {
    const der = new crypto.X509Certificate(pem).raw;
    const time = Buffer.alloc(8);
    time.writeBigUInt64BE(now);
    parts.push(u32(2), utf(alias.toLowerCase()), time, utf('X.509'), u32(der.length), der);
  }
  const body = Buffer.concat(parts);
  const passwordBytes = Buffer.alloc(password.length * 2);
  for (let i = 0; i < password.length; i++) passwordBytes.writeUInt16BE(password.charCodeAt(i), i * 2);
  const digest = crypto.createHash('sha1').update(passwordBytes).update(Buffer.from('Mighty Aphrodite', 'utf8')).update(body).digest();
  return Buffer.concat([body, digest]);
}
