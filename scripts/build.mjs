// Writes dist/cli.js, the package's bin: a shebang shim over the compiled CLI.
import fs from 'node:fs';
fs.writeFileSync('dist/cli.js', "#!/usr/bin/env node\nimport { start } from './source/cli.js';\n\nstart();\n", { mode: 0o755 });
