import { ExternalError } from '../../engine/errors.js';
import { declaredAesKey, decryptAes } from '../liberty-aes.js';

/**
 * Liberty password encodings: plain, {xor} (base64, each byte XOR 0x5F), or {aes} when the server
 * (`serverDir`) declares the key that encrypted it (wlp.password.encryption.key; the wizard's
 * own include file holds the key of the {aes} passwords it writes).
 */
export function decodeLibertyPassword(value: string, serverDir?: string): string {
  const trimmed = value.trim();
  if (/^\{xor\}/i.test(trimmed)) {
    const bytes = Buffer.from(trimmed.slice(5), 'base64');
    for (let i = 0; i < bytes.length; i++) bytes[i] ^= 0x5f;
    return bytes.toString('utf8');
  }
  if (/^\{aes\}/i.test(trimmed)) {
    const key = serverDir ? declaredAesKey(serverDir) : undefined;
    const plain = key === undefined ? undefined : decryptAes(trimmed, key);
    if (plain !== undefined) return plain;
    throw new ExternalError('aes-password', `the password is {aes} encoded ${key === undefined ? 'and the server declares no wlp.password.encryption.key' : 'with another key than the server declares'}: pmf-wizard cannot read it`, {
      fix: 'Write the password in server.xml (or server.env) as plain text or {xor} encoded (`securityUtility encode --encoding=xor`), or declare the key that encrypted it as the variable wlp.password.encryption.key.',
    });
  }
  return value;
}

export function encodeXor(plain: string): string {
  const bytes = Buffer.from(plain, 'utf8');
  for (let i = 0; i < bytes.length; i++) bytes[i] ^= 0x5f;
  return `{xor}${bytes.toString('base64')}`;
}
