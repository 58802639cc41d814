import { ExternalError } from '../../engine/errors.js';

/** Liberty password encodings: plain, or {xor} (base64, each byte XOR 0x5F). {aes} needs Liberty's key: refused. */
export function decodeLibertyPassword(value: string): string {
  const trimmed = value.trim();
  if (/^\{xor\}/i.test(trimmed)) {
    const bytes = Buffer.from(trimmed.slice(5), 'base64');
    for (let i = 0; i < bytes.length; i++) bytes[i] ^= 0x5f;
    return bytes.toString('utf8');
  }
  if (/^\{aes\}/i.test(trimmed)) {
    throw new ExternalError('aes-password', 'the password is {aes} encoded; pmf-wizard can only read plain or {xor} passwords', {
      fix: 'Write the password in server.xml (or server.env) as plain text or {xor} encoded (`securityUtility encode --encoding=xor`).',
    });
  }
  return value;
}

export function encodeXor(plain: string): string {
  const bytes = Buffer.from(plain, 'utf8');
  for (let i = 0; i < bytes.length; i++) bytes[i] ^= 0x5f;
  return `{xor}${bytes.toString('base64')}`;
}
