import * as z from 'zod/mini';
import { plainMessage } from '../engine/issue-words.js';
import type { PartialAnswers } from '../engine/questions.js';

/**
 * The answers as the steps use them: after the engine has validated them against the
 * questions and applied each question's default (the one place defaults live). The types are
 * inferred from these shapes, and `answersOf` proves them at run time instead of casting.
 */

export const DBMS_TYPES = ['mysql', 'db2', 'oracle', 'derby'] as const;

/** The shapes, built on first use: `validate` and `schema` load this module (isFarm, DBMS_TYPES) but prove no answers. */
function buildShapes() {
  const text = z.string();
  const optionalText = z.optional(z.string());

  const nodeShape = z.object({ name: text, httpPort: z.number(), httpsPort: z.number() });

  const libertyShape = z.object({
    acceptLicense: z.optional(z.boolean()),
    installMethod: z.optional(z.enum(['imcl', 'archive', 'maven'])),
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
    /** Absent from an answers file that leaves it out: modeOf (farm/database.ts) derives it. */
    mode: z.optional(z.enum(['create', 'dba'])),
    admin: z.optional(z.object({ user: optionalText, password: optionalText })),
  };

  const databaseShape = z.discriminatedUnion('type', [
    z.object({ type: z.literal('mysql'), ...serverDatabase, clientHost: text }),
    z.object({ type: z.literal('db2'), ...serverDatabase, schema: text, db2Path: optionalText, db2Instance: optionalText }),
    z.object({ type: z.literal('oracle'), ...serverDatabase, tablespace: text, sqlplusPath: optionalText }),
    z.object({ type: z.literal('derby'), name: text, driverDir: optionalText, dataDir: text }),
  ]);

  const answers = z.object({ liberty: libertyShape, pmf: pmfShape, database: databaseShape, nodes: z.array(nodeShape).check(z.minLength(1)) });
  return { answers, install: z.pick(answers, { liberty: true, nodes: true }), database: z.pick(answers, { database: true }) };
}

let shapes: ReturnType<typeof buildShapes> | undefined;
const shapesOf = () => (shapes ??= buildShapes());

export type Answers = z.infer<ReturnType<typeof buildShapes>['answers']>;
export type LibertyAnswers = Answers['liberty'];
export type PmfAnswers = Answers['pmf'];
export type DatabaseAnswers = Answers['database'];
export type NodeAnswer = Answers['nodes'][number];
export type InstallAnswers = z.infer<ReturnType<typeof buildShapes>['install']>;

function proof<T>(shape: () => z.ZodMiniType<T>) {
  const proven = new WeakMap<object, T>();
  return (ctx: { answers: PartialAnswers }): T => {
    const known = proven.get(ctx.answers);
    if (known) return known;
    const parsed = z.safeParse(shape(), ctx.answers, { error: plainMessage });
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`BUG: the steps got answers the engine did not resolve (${where})`);
    }
    proven.set(ctx.answers, parsed.data);
    return parsed.data;
  };
}

/** The typed answers of a run; a shape that does not match is a bug of the engine, not bad input. */
export const answersOf = proof(() => shapesOf().answers);

/** Only the database: all step 2 needs (it can run with nothing else answered). */
export const databaseAnswersOf = proof(() => shapesOf().database);

/** Only Liberty and the nodes: all step 1 and its machine checks need (they run before the rest is asked). */
export const installAnswersOf = proof(() => shapesOf().install);

/** Steps 5 to 7 take part only when there is more than one node. */
export const isFarm = (answers: PartialAnswers): boolean => Array.isArray(answers.nodes) && answers.nodes.length > 1;
