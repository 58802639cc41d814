/**
 * The one module that reads, parses and writes a Liberty server.xml. Edits are small and
 * format-preserving: attributes of one start tag are changed in place, so comments, order and
 * layout survive. Elements inside comments are never read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { ExternalError } from '../engine/errors.js';
import { readEnvFile } from './env-file.js';

// ------------------------------------------------------------------ the file

export function serverXmlPath(serverDir: string): string {
  return path.join(serverDir, 'server.xml');
}

export function readServerXml(serverDir: string): string | undefined {
  try {
    return fs.readFileSync(serverXmlPath(serverDir), 'utf8');
  } catch {
    return undefined;
  }
}

/** Mode 0600: server.xml holds passwords ({xor} is only an obfuscation), and Liberty runs as its owner. */
export function writeServerXml(serverDir: string, xml: string): void {
  writeFileAtomic(serverXmlPath(serverDir), xml, { mode: 0o600 });
}

/**
 * server.xml and the backups PMF's Ant install keeps beside it (server.xml.bak, .bak1...) made
 * mode 0600 when others could read them; returns the names it changed.
 */
export function protectServerXml(serverDir: string): string[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(serverDir).filter((name) => /^server\.xml(\.bak\d*)?$/.test(name));
  } catch {
    return [];
  }
  return names.filter((name) => {
    const file = path.join(serverDir, name);
    if ((fs.statSync(file).mode & 0o077) === 0) return false;
    fs.chmodSync(file, 0o600);
    return true;
  });
}

/** Liberty's ${name} variables in a value: server.env of the server, then the environment. */
export function resolveVariables(value: string, serverDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const serverEnv = readEnvFile(path.join(serverDir, 'server.env'));
  return value.replace(/\$\{(env\.)?([\w.]+)\}/g, (whole, _prefix: string | undefined, name: string) => serverEnv[name] ?? env[name] ?? whole);
}

// ------------------------------------------------------------------ elements

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? '';
  });
}

export function escapeXmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** XML without comments, so that commented-out elements are not read. */
function withoutComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, (comment) => ' '.repeat(comment.length));
}

export interface ElementMatch {
  tag: string;
  index: number;
  attributes: Record<string, string>;
}

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    attributes[match[1]] = unescapeXml(match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** Every start tag of an element (outside comments), with its attributes. */
export function findElements(xml: string, name: string): ElementMatch[] {
  const clean = withoutComments(xml);
  const pattern = new RegExp(`<${name}\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'g');
  return [...clean.matchAll(pattern)].map((match) => ({ tag: xml.slice(match.index!, match.index! + match[0].length), index: match.index!, attributes: attributesOf(match[0]) }));
}

/** The server.xml with one attribute of one start tag set (added when absent); layout kept. */
export function setElementAttribute(xml: string, element: ElementMatch, name: string, value: string): string {
  const escaped = escapeXmlAttribute(value);
  const pattern = new RegExp(`(\\s${name}\\s*=\\s*)("[^"]*"|'[^']*')`);
  let tag: string;
  if (pattern.test(element.tag)) tag = element.tag.replace(pattern, (_, head: string) => `${head}"${escaped.replace(/\$/g, '$$$$')}"`);
  else tag = element.tag.replace(/\s*(\/?>)$/, (_, end: string) => ` ${name}="${escaped.replace(/\$/g, '$$$$')}"${end}`);
  return xml.slice(0, element.index) + tag + xml.slice(element.index + element.tag.length);
}

export type ServerXmlFailure = 'no-end-tag';

/** Adds an element just before </server>. */
export function addElement(xml: string, element: string): string {
  const end = xml.lastIndexOf('</server>');
  if (end < 0) {
    throw new ExternalError<ServerXmlFailure>('no-end-tag', 'server.xml has no </server> end tag', { fix: 'Complete server.xml: it must end with </server>.' });
  }
  return `${xml.slice(0, end)}    ${element}\n${xml.slice(end)}`;
}

// ------------------------------------------------------------------ the default HTTP endpoint

export interface HttpEndpoint {
  httpPort?: number;
  httpsPort?: number;
  host?: string;
}

const DEFAULT_ENDPOINT = /<httpEndpoint\b[^>]*\bid\s*=\s*"defaultHttpEndpoint"[^>]*?\/?>/s;

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
}

function withAttribute(tag: string, name: string, value: string): string {
  const pattern = new RegExp(`(\\b${name}\\s*=\\s*")[^"]*(")`);
  if (pattern.test(tag)) return tag.replace(pattern, `$1${value}$2`);
  return tag.replace(/\s*(\/?>)$/s, ` ${name}="${value}"$1`);
}

export function readHttpEndpoint(xml: string): HttpEndpoint | undefined {
  const tag = DEFAULT_ENDPOINT.exec(xml)?.[0];
  if (!tag) return undefined;
  const port = (name: string) => {
    const value = attribute(tag, name);
    return value === undefined || !/^\d+$/.test(value) ? undefined : Number(value);
  };
  return { httpPort: port('httpPort'), httpsPort: port('httpsPort'), host: attribute(tag, 'host') };
}

/** The server.xml with the default endpoint's ports set; a missing element is added. */
export function setHttpEndpointPorts(xml: string, httpPort: number, httpsPort: number): string {
  const match = DEFAULT_ENDPOINT.exec(xml);
  if (!match) {
    const element = `    <httpEndpoint id="defaultHttpEndpoint"\n                  httpPort="${httpPort}"\n                  httpsPort="${httpsPort}" />\n`;
    return xml.replace(/<\/server>\s*$/, `${element}</server>\n`);
  }
  let tag = withAttribute(match[0], 'httpPort', String(httpPort));
  tag = withAttribute(tag, 'httpsPort', String(httpsPort));
  return xml.slice(0, match.index) + tag + xml.slice(match.index + match[0].length);
}

// ------------------------------------------------------------------ applications

/** Whether PMF's Ant install already configured this server (its JMX port is then fixed). */
export function hasPmfInstalled(xml: string): boolean {
  return /jndiName\s*=\s*"mfp\.admin\.jmx\.port"/.test(xml) || /<application\b[^>]*mfp-admin-service\.war/.test(xml);
}

export interface DeclaredApplication {
  id?: string;
  name?: string;
  /** context-root (or contextRoot), else Liberty's default: / and the name. */
  contextRoot?: string;
  location?: string;
}

/** The `<application>` and `<webApplication>` elements of a server.xml. */
export function declaredApplications(xml: string): DeclaredApplication[] {
  return [...findElements(xml, 'application'), ...findElements(xml, 'webApplication')].map(({ attributes: a }) => ({
    id: a.id,
    name: a.name,
    contextRoot: a['context-root'] ?? a.contextRoot ?? (a.name ? `/${a.name}` : undefined),
    location: a.location,
  }));
}
