import { z } from 'zod';
import type { PartialAnswers } from '../engine/questions.js';

/**
 * The answers as the steps use them: after the engine has validated them against the
 * questions and applied each question's default (the one place defaults live). The types are
 * inferred from these shapes, and `answersOf` proves them at run time instead of casting.
 */

const text = z.string();
const optionalText = z.string().optional();

const nodeShape = z.object({ name: text, httpPort: z.number(), httpsPort: z.number() });

const libertyShape = z.object({
  acceptLicense: z.boolean().optional(),
  installMethod: z.enum(['imcl', 'archive', 'maven']).optional(),
  imclPath: optionalText,
  repositoryDir: optionalText,
  packageId: optionalText,
  archive: optionalText,
  /** The maven route: groupId:artifactId and version of a Liberty runtime zip. */
  artifact: optionalText,
  version: optionalText,
  installDir: text,
  userDir: optionalText,
});

const pmfShape = z.object({
  /** pmf_install_dir: holds MobileFoundationServer/configuration-samples/. */
  installDir: text,
  antPath: optionalText,
  javaHome: optionalText,
  adminUser: text,
  /** A secret: resolved in memory only. */
  adminPassword: optionalText,
  adminContextRoot: text,
  runtimeContextRoot: text,
  adminClientId: text,
  pushClientId: text,
  configAdminUser: text,
  startTimeoutSeconds: z.number(),
});

const serverDatabase = {
  host: text,
  port: z.number(),
  name: text,
  user: text,
  password: optionalText,
  driverDir: optionalText,
  mode: z.enum(['create', 'dba']),
  admin: z.object({ user: optionalText, password: optionalText }).optional(),
};

export const DBMS_TYPES = ['mysql', 'db2', 'oracle', 'derby'] as const;

const databaseShape = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mysql'), ...serverDatabase, clientHost: text }),
  z.object({ type: z.literal('db2'), ...serverDatabase, schema: text, db2Path: optionalText, db2Instance: optionalText }),
  z.object({ type: z.literal('oracle'), ...serverDatabase, tablespace: text, sqlplusPath: optionalText }),
  z.object({ type: z.literal('derby'), name: text, driverDir: optionalText, dataDir: text }),
]);

const answersShape = z.object({ liberty: libertyShape, pmf: pmfShape, database: databaseShape, nodes: z.array(nodeShape).min(1) });

export type Answers = z.infer<typeof answersShape>;
export type LibertyAnswers = Answers['liberty'];
export type PmfAnswers = Answers['pmf'];
export type DatabaseAnswers = Answers['database'];
export type NodeAnswer = Answers['nodes'][number];

const installShape = answersShape.pick({ liberty: true, nodes: true });
export type InstallAnswers = z.infer<typeof installShape>;

function proof<T>(shape: z.ZodType<T>) {
  const proven = new WeakMap<object, T>();
  return (ctx: { answers: PartialAnswers }): T => {
    const known = proven.get(ctx.answers);
    if (known) return known;
    const parsed = shape.safeParse(ctx.answers);
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`BUG: the steps got answers the engine did not resolve (${where})`);
    }
    proven.set(ctx.answers, parsed.data);
    return parsed.data;
  };
}

/** The typed answers of a run; a shape that does not match is a bug of the engine, not bad input. */
export const answersOf = proof(answersShape);

const databaseShapeOnly = answersShape.pick({ database: true });

/** Only the database: all step 2 needs (it can run with nothing else answered). */
export const databaseAnswersOf = proof(databaseShapeOnly);

/** Only Liberty and the nodes: all step 1 and its machine checks need (they run before the rest is asked). */
export const installAnswersOf = proof(installShape);

/** Steps 5 to 7 take part only when there is more than one node. */
export const isFarm = (answers: PartialAnswers): boolean => Array.isArray(answers.nodes) && answers.nodes.length > 1;
