import fs from 'node:fs';
import path from 'node:path';

/** Where a PMF installation keeps the Ant samples the tutorial copies. */
export const SAMPLES_DIR = path.join('MobileFoundationServer', 'configuration-samples');

export function sampleFile(pmfInstallDir: string, dbType: string): string {
  return path.join(pmfInstallDir, SAMPLES_DIR, `configure-liberty-${dbType}.xml`);
}

export function isPmfInstallation(dir: string): boolean {
  return fs.existsSync(path.join(dir, SAMPLES_DIR));
}

/** The Ant the tutorial uses: <pmf>/tools/apache-ant-*\/bin/ant (the highest version when several). */
export function bundledAnt(pmfInstallDir: string): string | undefined {
  const tools = path.join(pmfInstallDir, 'tools');
  let names: string[];
  try {
    names = fs.readdirSync(tools).filter((name) => name.startsWith('apache-ant-'));
  } catch {
    return undefined;
  }
  const collator = new Intl.Collator('en', { numeric: true });
  for (const name of names.sort((a, b) => collator.compare(b, a))) {
    const ant = path.join(tools, name, 'bin', 'ant');
    if (fs.existsSync(ant)) return ant;
  }
  return undefined;
}
