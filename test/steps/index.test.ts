import { describe, expect, it } from 'vitest';
import { declarations } from '../../steps/declarations.js';
import { steps } from '../../steps/index.js';
import { addNodesStep } from '../../steps/add-nodes/index.js';
import { antPropertiesStep } from '../../steps/ant-properties/index.js';
import { createDatabaseStep } from '../../steps/create-database/index.js';
import { deployPmfStep } from '../../steps/deploy-pmf/index.js';
import { installLibertyStep } from '../../steps/install-liberty/index.js';
import { trustAndLtpaStep } from '../../steps/trust-and-ltpa/index.js';
import { verifyFarmStep } from '../../steps/verify-farm/index.js';

describe('the product steps', () => {
  it('declare what their work declares: the same id, title, questions and checks, in run order', () => {
    const loaded = [installLibertyStep, createDatabaseStep, antPropertiesStep, deployPmfStep, addNodesStep, trustAndLtpaStep, verifyFarmStep];
    expect(steps.map((step) => step.id)).toEqual(['install-liberty', 'create-database', 'ant-properties', 'deploy-pmf', 'add-nodes', 'trust-and-ltpa', 'verify-farm']);
    for (const step of steps) {
      const full = loaded.find((candidate) => candidate.id === step.id);
      expect(full, step.id).toBeDefined();
      expect(step.title).toBe(full?.title);
      expect(step.questions).toBe(full?.questions);
      expect(step.validate).toBe(full?.validate);
      expect(step.applies).toBe(full?.applies);
    }
    expect(loaded).toHaveLength(steps.length);
  });

  it('are declared to validate and schema (declarations.ts) in the same order, with the same questions and checks', () => {
    expect(declarations.map((declaration) => declaration.id)).toEqual(steps.map((step) => step.id));
    declarations.forEach((declaration, index) => {
      expect(declaration.questions).toBe(steps[index].questions);
      expect(declaration.validate).toBe(steps[index].validate);
      expect(declaration.applies).toBe(steps[index].applies);
    });
  });
});
