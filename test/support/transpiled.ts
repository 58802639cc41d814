/**
 * The engine's real modules, transpiled into a directory, for a test that must run them in another
 * Node process (inside a private mount or user namespace), where vitest's loader is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { root } from './cli.js';

export function transpileEngineModules(out: string, names: string[]): void {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
  for (const name of names) {
    const source = fs.readFileSync(path.join(root, 'source', 'engine', `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
    fs.writeFileSync(path.join(out, `${name}.js`), outputText);
  }
}
