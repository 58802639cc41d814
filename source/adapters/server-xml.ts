/**
 * Small, format-preserving edits of a Liberty server.xml: attributes of one element are
 * changed in place, so comments, order and layout survive.
 */

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

/** Whether PMF's Ant install already configured this server (its JMX port is then fixed). */
export function hasPmfInstalled(xml: string): boolean {
  return /jndiName\s*=\s*"mfp\.admin\.jmx\.port"/.test(xml) || /<application\b[^>]*mfp-admin-service\.war/.test(xml);
}
