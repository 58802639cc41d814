import { createRequire } from 'node:module';
import type * as Fxp from 'fast-xml-parser';

let fxp: typeof Fxp | undefined;

/**
 * fast-xml-parser, required on first use as its one-file CommonJS build: its ES build is some
 * forty modules, which validate and schema would load for nothing.
 */
function loadFastXmlParser(): typeof Fxp {
  fxp ??= createRequire(import.meta.url)('fast-xml-parser') as typeof Fxp;
  return fxp;
}

/** An XMLParser with these options, built on its first parse. */
export function lazyXmlParser(options: Fxp.X2jOptions): { parse(xml: string): unknown } {
  let parser: Fxp.XMLParser | undefined;
  return {
    parse: (xml) => {
      parser ??= new (loadFastXmlParser().XMLParser)(options);
      return parser.parse(xml);
    },
  };
}

export function validateXml(xml: string): ReturnType<typeof Fxp.XMLValidator.validate> {
  return loadFastXmlParser().XMLValidator.validate(xml);
}
