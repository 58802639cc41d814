/**
 * Liberty's default keystore (resources/security/key.jks, JKS, or key.p12, PKCS12): where it is
 * and its password, as server.xml (or server.env) declares them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readEnvFile } from '../env-file.js';
import { compareReleases } from '../liberty.js';
import { findElements, readServerXml, resolveVariables, setElementAttribute, writeServerXml } from '../server-xml.js';
import { decodeLibertyPassword } from './liberty-password.js';

export type StoreType = 'JKS' | 'PKCS12';

export interface KeystoreRef {
  /** Absolute path of the keystore file (it may not exist yet: Liberty creates it at first start). */
  file: string;
  type: StoreType;
  /** The decoded password. */
  password: string;
  /** As written in server.xml ({xor}... or plain). */
  rawPassword: string;
  /** Whether the running server reloads the file when it changes (updateTrigger="polled"), so a new peer needs no restart. */
  reloads?: boolean;
}

export function securityDir(serverDir: string): string {
  return path.join(serverDir, 'resources', 'security');
}

export function storeTypeOf(file: string, declared?: string): StoreType {
  if (declared) return /^pkcs12$/i.test(declared) ? 'PKCS12' : 'JKS';
  return /\.(p12|pfx)$/i.test(file) ? 'PKCS12' : 'JKS';
}

/**
 * Liberty's own rule for the file of a defaultKeyStore declared without location or type:
 * key.p12 (PKCS12) from 19.0.0.3 on, key.jks (JKS) before. An existing file always wins.
 */
export function pkcs12ByDefault(libertyVersion: string | undefined): boolean {
  return !libertyVersion || compareReleases(libertyVersion, '19.0.0.3') >= 0;
}

/**
 * The default keystore of a server: `<keyStore id="defaultKeyStore" password location type>`,
 * or, without that element, the keystore newer Liberty makes with server.env's
 * keystore_password (CWPKI0820A). Undefined when neither is there (Liberty then has no HTTPS).
 */
export function defaultKeystoreOf(serverDir: string, libertyVersion?: string, env: NodeJS.ProcessEnv = process.env): KeystoreRef | undefined {
  const xml = readServerXml(serverDir);
  if (!xml) return undefined;
  const element = findElements(xml, 'keyStore').find((e) => e.attributes.id === 'defaultKeyStore');
  const attributes = element?.attributes ?? {};
  const rawPassword = element ? resolveVariables(attributes.password ?? '', serverDir, env) : readEnvFile(path.join(serverDir, 'server.env')).keystore_password;
  if (!rawPassword) return undefined;
  const declaredLocation = attributes.location ? resolveVariables(attributes.location, serverDir, env) : undefined;
  const p12 = path.join(securityDir(serverDir), 'key.p12');
  const jks = path.join(securityDir(serverDir), 'key.jks');
  let file: string;
  if (declaredLocation) file = path.isAbsolute(declaredLocation) ? declaredLocation : path.join(securityDir(serverDir), declaredLocation);
  else if (attributes.type) file = /pkcs12/i.test(attributes.type) ? p12 : jks;
  else if (fs.existsSync(p12) || fs.existsSync(jks)) file = fs.existsSync(p12) ? p12 : jks;
  else file = pkcs12ByDefault(libertyVersion) ? p12 : jks;
  return { file, type: storeTypeOf(file, attributes.type), password: decodeLibertyPassword(rawPassword), rawPassword, reloads: attributes.updateTrigger === 'polled' };
}

/**
 * Has the server reload its declared defaultKeyStore when the file changes (Liberty polls it
 * every 500 ms and logs CWPKI0811I). False when server.xml declares no such element: the
 * keystore made from server.env's keystore_password is left as Liberty has it.
 */
export function setKeystoreReload(serverDir: string): boolean {
  const xml = readServerXml(serverDir);
  const element = xml === undefined ? undefined : findElements(xml, 'keyStore').find((e) => e.attributes.id === 'defaultKeyStore');
  if (xml === undefined || !element) return false;
  if (element.attributes.updateTrigger !== 'polled') writeServerXml(serverDir, setElementAttribute(xml, element, 'updateTrigger', 'polled'));
  return true;
}
