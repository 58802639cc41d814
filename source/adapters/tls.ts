/**
 * A TLS handshake as one farm member makes it to another: the caller trusts only the
 * certificates of its own truststore (Liberty's defaultKeyStore doubles as truststore), and the
 * host name is checked against the peer certificate, as Liberty's REST connector client does.
 */

export interface HandshakeResult {
  ok: boolean;
  /** What happened, in a sentence. */
  detail: string;
  /** OpenSSL / Node error code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID. */
  code?: string;
  /** SHA-256 fingerprint of the certificate the peer presented (also when it is not trusted). */
  peerFingerprint?: string;
  peerSubject?: string;
}

export interface HandshakeOptions {
  host: string;
  port: number;
  /** Trusted certificates, PEM: the caller's truststore. */
  ca: string[];
  /** Where to connect when it differs from the name checked (e.g. 127.0.0.1); `host` is still the name checked. */
  connectTo?: string;
  timeoutMs?: number;
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function tlsHandshake(options: HandshakeOptions): Promise<HandshakeResult> {
  // Imported on use: validate and schema load this module but never connect.
  const tls = await import('node:tls');
  const { host, port, ca } = options;
  const isIp = /^[\d.]+$|:/.test(host);
  return new Promise((resolve) => {
    let settled = false;
    let presented: { fingerprint?: string; subject?: string } = {};
    const finish = (result: HandshakeResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ ...result, peerFingerprint: result.peerFingerprint ?? presented.fingerprint, peerSubject: result.peerSubject ?? presented.subject });
    };
    const socket = tls.connect({
      host: options.connectTo ?? host,
      port,
      // Only the caller's truststore: an empty list trusts nothing (not the system roots).
      ca,
      servername: isIp ? undefined : host,
      // The default check, against the name the members use.
      checkServerIdentity: (_name, cert) => {
        presented = { fingerprint: cert.fingerprint256, subject: firstOf(cert.subject?.CN) };
        return tls.checkServerIdentity(host, cert);
      },
      timeout: options.timeoutMs ?? 10_000,
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      finish({ ok: true, detail: `handshake with ${host}:${port} succeeded (certificate CN=${cert.subject?.CN})`, peerFingerprint: cert.fingerprint256, peerSubject: firstOf(cert.subject?.CN) });
    });
    socket.once('timeout', () => finish({ ok: false, detail: `no TLS answer from ${host}:${port} within ${options.timeoutMs ?? 10_000} ms`, code: 'ETIMEDOUT' }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code;
      const untrusted = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
      const detail = untrusted
        ? `the certificate ${host}:${port} presented is not in the truststore (${code})`
        : code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? `the certificate of ${host}:${port} does not name ${host}: ${error.message}`
          : code === 'ECONNREFUSED'
            ? `nothing listens on ${host}:${port}`
            : `handshake with ${host}:${port} failed: ${error.message}`;
      finish({ ok: false, detail, code });
    });
  });
}
