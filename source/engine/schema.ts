import * as z from 'zod/mini';
import { questionsOf } from './answers.js';
import { secretReference, type Question } from './questions.js';
import type { StepDeclaration } from './lazy-step.js';

type Tree = { [key: string]: Tree | Question };

function leafSchema(question: Question): z.ZodMiniType {
  const base = question.secret ? secretReference : question.schema;
  const required = !question.when && question.default === undefined && !question.optional;
  const described = base.check(z.describe(question.help));
  return required ? described : z.optional(described);
}

function objectOf(tree: Tree): z.ZodMiniObject {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const [key, node] of Object.entries(tree)) {
    shape[key] = 'kind' in node && 'path' in node ? leafSchema(node as Question) : z.optional(objectOf(node as Tree));
  }
  return z.strictObject(shape);
}

/** The answers file's zod schema, built from the same questions the form asks. */
export function answersSchema(steps: StepDeclaration[]): z.ZodMiniObject {
  const tree: Tree = {};
  for (const question of questionsOf(steps)) {
    const keys = question.path.split('.');
    let node = tree;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
    node[keys[keys.length - 1]] = question;
  }
  return z.extend(objectOf(tree), { $schema: z.optional(z.string()) });
}

/** `pmf-wizard schema`: the JSON Schema of the answers file. */
export function answersJsonSchema(steps: StepDeclaration[]): Record<string, unknown> {
  const schema = z.toJSONSchema(answersSchema(steps), { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://pmf-wizard.invalid/answers.schema.json',
    title: 'pmf-wizard answers file',
    description: 'Answers for an unattended run: pmf-wizard --answers FILE. Secrets may be {"env": NAME} or {"file": PATH}.',
  };
}
