/**
 * Step 3: fill the Ant properties. Following the tutorial ("Deploying PMF to Liberty with Ant
 * tasks"), copy <pmf>/MobileFoundationServer/configuration-samples/configure-liberty-<db>.xml,
 * one copy per node under <state>/ant/<node>/, and set every property the tutorial lists from
 * the answers already given. The copies hold no secret: a secret property keeps the
 * `************` placeholder (run by hand, Ant asks for it), and the deploy step hands the
 * real values to Ant in a mode-0600 property file that lives only while Ant runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { differingProperties, isNotAnAntFile, propertyMap, setProperties } from '../../source/adapters/ant-file.js';
import { StepFailure, type FieldProblem } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import { SAMPLES_DIR } from '../../source/adapters/pmf-install.js';
import { writeFileAtomic } from '../../source/engine/atomic-write.js';
import { formatTable } from '../../source/engine/output-table.js';
import type { OutputTable, Step } from '../../source/engine/step.js';
import { antSetup, SECRET_PLACEHOLDER, secretNames, type NodeAntFile, type PropertyRow } from '../../source/farm/ant.js';
import { antPropertiesDeclaration } from './declaration.js';

// ---------------------------------------------------------------------------------------
// What the copies must say

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Which properties of a copy are not as wanted (everything, when the copy is missing or unreadable). */
function copyProblems(entry: NodeAntFile): string[] {
  const xml = readText(entry.file);
  if (xml === undefined) return ['(no copy)'];
  try {
    return differingProperties(xml, entry.wanted);
  } catch {
    return ['(not a readable Ant file)'];
  }
}

/**
 * The rows a person needs to read: those whose value is not the PMF sample's (all of them when the
 * sample cannot be read). A secret stays the placeholder in the copy, so it shows only where the
 * sample holds a real value (the tutorial's admin password).
 */
function changedRows(rows: PropertyRow[], sampleXml: string | undefined): PropertyRow[] {
  if (sampleXml === undefined) return rows;
  try {
    const differing = new Set(differingProperties(sampleXml, new Map(rows.map((row) => [row.property, row.value]))));
    return rows.filter((row) => differing.has(row.property));
  } catch {
    return rows;
  }
}

/** The properties of a copy as the person reads them: name, value (secrets hidden), why. */
function propertyTable(rows: PropertyRow[]): OutputTable {
  return { header: ['property', 'value', 'why'], rows: rows.map((row) => [row.property, row.secret ? '(secret)' : row.value || '""', row.why]) };
}

const TABLE_LAYOUT = { indent: '  ', header: false };

export const antPropertiesStep: Step = {
  ...antPropertiesDeclaration,

  async preflight(ctx) {
    const setup = antSetup(ctx);
    const problems: FieldProblem[] = [];
    if (!fs.existsSync(setup.sample)) {
      problems.push({
        path: 'pmf.installDir',
        message: `${setup.sample} does not exist: this PMF has no Ant file for ${setup.dbType} on Liberty`,
        fix: `Check pmf.installDir and database.type (the samples are ${SAMPLES_DIR}/configure-liberty-{db2,mysql,oracle,derby}.xml).`,
      });
    }
    if (!setup.antPath) {
      problems.push({
        path: 'pmf.antPath',
        message: `no Ant found in ${path.join(setup.pmfInstallDir, 'tools')}/apache-ant-*/bin/ant`,
        fix: 'Set pmf.antPath to an Ant 1.9 or later (e.g. /usr/bin/ant).',
      });
    }
    return problems;
  },

  async isDone(ctx) {
    const setup = antSetup(ctx);
    const facts = setup.nodes.map((entry) => {
      const wrong = copyProblems(entry);
      return { entry, wrong };
    });
    const done = facts.every((fact) => fact.wrong.length === 0);
    const detail = facts
      .map(({ entry, wrong }) =>
        wrong.length === 0
          ? `${entry.file} has the ${entry.wanted.size} wanted values`
          : wrong[0].startsWith('(')
            ? `${entry.file}: ${wrong[0].slice(1, -1)}`
            : `${entry.file}: ${wrong.length} propert${wrong.length === 1 ? 'y' : 'ies'} to set (${wrong.slice(0, 4).join(', ')}${wrong.length > 4 ? ', …' : ''})`,
      )
      .join('; ');
    return { done, detail };
  },

  async plan(ctx) {
    const setup = antSetup(ctx);
    const actions: PlannedAction[] = [];
    for (const entry of setup.nodes) {
      if (!fs.existsSync(entry.file)) actions.push({ summary: `Copy ${path.basename(setup.sample)} for ${entry.node.name}`, command: ['cp', setup.sample, entry.file] });
      actions.push({
        summary: `Set ${entry.rows.length} properties in ${entry.file} (secrets stay ${SECRET_PLACEHOLDER}; Ant gets them from a 0600 file at run time)`,
        file: entry.file,
        detail: formatTable(propertyTable(changedRows(entry.rows, readText(setup.sample))), { ...TABLE_LAYOUT, width: 100 }).join('\n'),
      });
    }
    return actions;
  },

  async run(ctx) {
    const setup = antSetup(ctx);
    let sampleXml: string;
    try {
      sampleXml = fs.readFileSync(setup.sample, 'utf8');
    } catch (error) {
      throw new StepFailure(`Cannot read the PMF Ant sample ${setup.sample}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, `Check pmf.installDir and database.type, then run again with --resume.`);
    }
    const files: string[] = [];
    for (const entry of setup.nodes) {
      const dir = path.dirname(entry.file);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const existing = readText(entry.file);
      let base = existing ?? sampleXml;
      let origin = existing === undefined ? `copied from ${setup.sample}` : 'the existing copy';
      let outcome;
      try {
        outcome = setProperties(base, entry.wanted);
      } catch (error) {
        if (existing === undefined || !isNotAnAntFile(error)) {
          throw new StepFailure(`${existing === undefined ? setup.sample : entry.file} cannot be edited: ${(error as Error).message}`, `Check that ${setup.sample} is the PMF sample file (well-formed XML, a <project> with <property name value> parameters).`);
        }
        // A damaged copy is replaced by a fresh one.
        base = sampleXml;
        origin = `copied again from ${setup.sample} (the earlier copy was not readable)`;
        outcome = setProperties(base, entry.wanted);
      }
      if (existing !== outcome.xml) {
        writeFileAtomic(entry.file, outcome.xml, { mode: 0o600 });
      }
      const secrets = new Set(secretNames(setup.dbType));
      const leaked = [...propertyMap(outcome.xml).entries()].filter(([name, value]) => secrets.has(name) && value !== SECRET_PLACEHOLDER);
      if (leaked.length) throw new Error(`bug: a secret property is not the placeholder in ${entry.file}: ${leaked.map(([name]) => name).join(', ')}`);
      ctx.report(
        `${entry.node.name}: ${entry.file} (${origin}): ${outcome.changed.length} changed, ${outcome.added.length} added${outcome.added.length ? ` (${outcome.added.join(', ')})` : ''}, ${entry.rows.length - outcome.changed.length - outcome.added.length} already right`,
      );
      const shown = changedRows(entry.rows, sampleXml);
      if (shown.length) ctx.reportTable(propertyTable(shown), TABLE_LAYOUT);
      if (shown.length < entry.rows.length) ctx.report(`  (the other ${entry.rows.length - shown.length} are as in the PMF sample ${path.basename(setup.sample)})`);
      files.push(entry.file);
    }
    return {
      sample: setup.sample,
      files,
      table: { header: ['node', 'file'], rows: setup.nodes.map((entry) => [entry.node.name, entry.file]) },
    };
  },
};

