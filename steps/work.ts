// Every step's work (isDone, plan, run and what they use), imported as one piece when a step first
// needs it: a run needs all of them, `validate` and `schema` none.
export { addNodesStep } from './add-nodes/index.js';
export { antPropertiesStep } from './ant-properties/index.js';
export { createDatabaseStep } from './create-database/index.js';
export { deployPmfStep } from './deploy-pmf/index.js';
export { installLibertyStep } from './install-liberty/index.js';
export { trustAndLtpaStep } from './trust-and-ltpa/index.js';
export { verifyFarmStep } from './verify-farm/index.js';
