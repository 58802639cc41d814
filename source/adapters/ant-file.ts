/**
 * Reading and setting the `<property name value>` parameters of a copied PMF Ant file
 * (configure-liberty-<db>.xml) so that everything else in it survives byte for byte:
 * comments, order, layout, the other properties and the targets.
 *
 * fast-xml-parser checks that the file is well-formed and reads the decoded values of the
 * top-level properties (the `<property>` children of `<project>`; a `<property>` nested in
 * a task is a JNDI entry, not a parameter). A small scanner finds the same elements in the
 * text, so a change rewrites only the `value` attribute of the one element it concerns.
 *
 * Values follow Ant's rules in an XML attribute (pmf.md section 1.1): `$` is written `$$`
 * (else `${x}` would be expanded), `&` `&amp;`, `"` `&quot;`, `<` `&lt;`.
 */
import { ExternalError } from '../engine/errors.js';
import { lazyXmlParser, validateXml } from './xml-parser.js';

export interface AntProperty {
  name: string;
  /** The value Ant sees (XML entities decoded, `$$` read as `$`); `${x}` references are kept as written. */
  value: string;
  /** The value holds a `${x}` reference, expanded by Ant: it is not a literal. */
  reference: boolean;
}

interface Located {
  name: string;
  /** Offsets of the whole start tag `<property ... />` in the text. */
  start: number;
  end: number;
}

/** The one failure here: the text is not a well-formed Ant project (the message names its problem, not the file). */
export type AntFileFailure = 'not-an-ant-file';

function notAnAntFile(problem: string): ExternalError<AntFileFailure> {
  return new ExternalError<AntFileFailure>('not-an-ant-file', problem, {
    fix: 'Use a PMF Ant file: well-formed XML, a <project> with <property name value> parameters.',
  });
}

export function isNotAnAntFile(error: unknown): boolean {
  return error instanceof ExternalError && error.kind === 'not-an-ant-file';
}

// --------------------------------------------------------------------------------------------
// Escaping

/** A value as Ant must find it in an XML attribute. */
export function encodeAttributeValue(value: string): string {
  return value
    .replace(/\$/g, '$$$$')
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}

/** Ant's own reading of `$`: `$$` is one `$`, `${x}` a reference (kept as written). */
function antUnescape(value: string): { value: string; reference: boolean } {
  let reference = false;
  const out = value.replace(/\$(\$|\{)?/g, (match, next: string | undefined) => {
    if (next === '$') return '$';
    if (next === '{') reference = true;
    return match;
  });
  return { value: out, reference };
}

/**
 * A line of a Java properties file that Ant reads with `-propertyfile`: Ant then resolves
 * `${x}` in those values too, so `$` is doubled as in the build file.
 */
export function propertyFileLine(name: string, value: string): string {
  const escape = (text: string, isKey: boolean) =>
    text.replace(/[\\\n\r\t\f=: #!]|[^\x20-\x7e]/g, (ch, offset: number) => {
      switch (ch) {
        case '\\':
          return '\\\\';
        case '\n':
          return '\\n';
        case '\r':
          return '\\r';
        case '\t':
          return '\\t';
        case '\f':
          return '\\f';
        case ' ':
          return isKey || offset === 0 ? '\\ ' : ' ';
        case '=':
        case ':':
        case '#':
        case '!':
          return `\\${ch}`;
        default:
          return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
      }
    });
  return `${escape(name, true)}=${escape(value.replace(/\$/g, '$$$$'), false)}`;
}

// --------------------------------------------------------------------------------------------
// Reading

const parser = lazyXmlParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  commentPropName: '#comment',
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function parsedProperties(xml: string): AntProperty[] {
  const valid = validateXml(xml);
  if (valid !== true) {
    throw notAnAntFile(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  const tree = parser.parse(xml) as OrderedNode[];
  const project = tree.find((node) => 'project' in node);
  if (!project) throw notAnAntFile('no <project> element: it is not an Ant build file');
  const children = project.project as OrderedNode[];
  return children
    .filter((node) => 'property' in node && node[':@']?.name !== undefined)
    .map((node) => {
      const attributes = node[':@'] ?? {};
      return { name: decodeEntities(attributes.name ?? ''), ...antUnescape(decodeEntities(attributes.value ?? '')) };
    });
}

/**
 * The top-level `<property` start tags, found by walking the text the way a parser does
 * (comments, CDATA, processing instructions and the DOCTYPE are skipped; depth is counted).
 */
function locateProperties(xml: string): Located[] {
  const found: Located[] = [];
  let depth = 0;
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    if (open < 0) break;
    if (xml.startsWith('<!--', open)) {
      i = xml.indexOf('-->', open) + 3;
    } else if (xml.startsWith('<![CDATA[', open)) {
      i = xml.indexOf(']]>', open) + 3;
    } else if (xml.startsWith('<?', open)) {
      i = xml.indexOf('?>', open) + 2;
    } else if (xml.startsWith('<!', open)) {
      i = xml.indexOf('>', open) + 1;
    } else {
      // A start or end tag: find its end outside quoted attribute values.
      let j = open + 1;
      let quote: string | undefined;
      for (; j < xml.length; j++) {
        const ch = xml[j];
        if (quote) {
          if (ch === quote) quote = undefined;
        } else if (ch === '"' || ch === "'") {
          quote = ch;
        } else if (ch === '>') {
          break;
        }
      }
      const tag = xml.slice(open, j + 1);
      if (tag.startsWith('</')) {
        depth -= 1;
      } else {
        const selfClosing = tag.endsWith('/>');
        const name = /^<([^\s/>]+)/.exec(tag)?.[1];
        if (depth === 1 && name === 'property') {
          const propertyName = /\sname\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
          if (propertyName) found.push({ name: decodeEntities(propertyName[1] ?? propertyName[2]), start: open, end: j + 1 });
        }
        if (!selfClosing) depth += 1;
      }
      i = j + 1;
    }
    if (i <= 0) break;
  }
  return found;
}

/** Both views of the file, checked against each other. */
function inventory(xml: string): { parsed: AntProperty[]; located: Located[] } {
  const parsed = parsedProperties(xml);
  const located = locateProperties(xml);
  const same = parsed.length === located.length && parsed.every((p, index) => p.name === located[index].name);
  if (!same) throw notAnAntFile('its <property> elements could not be located unambiguously');
  return { parsed, located };
}

/** Every top-level property, in file order. */
export function readProperties(xml: string): AntProperty[] {
  return inventory(xml).parsed;
}

/** name → literal value of the top-level properties (first definition wins, as in Ant); a `${x}` value is undefined. */
export function propertyMap(xml: string): Map<string, string | undefined> {
  const map = new Map<string, string | undefined>();
  for (const property of readProperties(xml)) {
    if (!map.has(property.name)) map.set(property.name, property.reference ? undefined : property.value);
  }
  return map;
}

// --------------------------------------------------------------------------------------------
// Setting

function withValue(tag: string, encoded: string): string {
  const existing = /(\svalue\s*=\s*)("[^"]*"|'[^']*')/.exec(tag);
  if (existing) {
    return tag.slice(0, existing.index) + `${existing[1]}"${encoded}"` + tag.slice(existing.index + existing[0].length);
  }
  // A property without value (location=, file=...): replace those by value=.
  const cleaned = tag.replace(/\s(location|file|url|resource|environment|refid)\s*=\s*("[^"]*"|'[^']*')/g, '');
  return cleaned.replace(/\s*(\/?>)$/, ` value="${encoded}"$1`);
}

export interface SetOutcome {
  xml: string;
  /** Names whose value changed, and names added because the file did not declare them. */
  changed: string[];
  added: string[];
}

/**
 * Sets each property: the first top-level definition gets the new value (Ant keeps the first
 * one); an undeclared property is added after the last top-level property, indented alike.
 */
export function setProperties(xml: string, values: ReadonlyMap<string, string> | Record<string, string>): SetOutcome {
  const wanted = values instanceof Map ? [...values.entries()] : Object.entries(values);
  const { parsed, located } = inventory(xml);
  const changed: string[] = [];
  const added: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const toAdd: [string, string][] = [];
  for (const [name, value] of wanted) {
    const index = parsed.findIndex((p) => p.name === name);
    if (index < 0) {
      toAdd.push([name, value]);
      continue;
    }
    if (parsed[index].value === value && !parsed[index].reference) continue;
    const { start, end } = located[index];
    const tag = xml.slice(start, end);
    const next = withValue(tag, encodeAttributeValue(value));
    if (next !== tag) {
      edits.push({ start, end, text: next });
      changed.push(name);
    }
  }
  let out = xml;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  if (toAdd.length) {
    const after = locateProperties(out);
    const last = after[after.length - 1];
    let insertAt: number;
    let indent = '  ';
    if (last) {
      insertAt = last.end;
      const lineStart = out.lastIndexOf('\n', last.start) + 1;
      indent = out.slice(lineStart, last.start).replace(/\S.*$/, '');
    } else {
      const projectTag = /<project\b[^>]*>/.exec(out);
      if (!projectTag) throw notAnAntFile('no <project> element: it is not an Ant build file');
      insertAt = projectTag.index + projectTag[0].length;
    }
    const lines = toAdd.map(([name, value]) => `\n${indent}<property name="${encodeAttributeValue(name)}" value="${encodeAttributeValue(value)}"/>`);
    out = out.slice(0, insertAt) + lines.join('') + out.slice(insertAt);
    added.push(...toAdd.map(([name]) => name));
  }
  // What was written must read back as wanted.
  const check = propertyMap(out);
  for (const [name, value] of wanted) {
    if (check.get(name) !== value) throw notAnAntFile(`the property ${name} did not read back as written`);
  }
  return { xml: out, changed, added };
}

/** The names whose value differs from the wanted one (missing ones included). */
export function differingProperties(xml: string, values: ReadonlyMap<string, string> | Record<string, string>): string[] {
  const actual = propertyMap(xml);
  const wanted = values instanceof Map ? [...values.entries()] : Object.entries(values);
  return wanted.filter(([name, value]) => actual.get(name) !== value).map(([name]) => name);
}

/** The targets the file declares (`ant -f FILE` with no target lists them as help). */
export function targetsOf(xml: string): string[] {
  const tree = parser.parse(xml) as OrderedNode[];
  const project = tree.find((node) => 'project' in node);
  const children = (project?.project as OrderedNode[] | undefined) ?? [];
  return children.filter((node) => 'target' in node).map((node) => node[':@']?.name ?? '').filter(Boolean);
}
