// Writes dist/cli.js, the package's bin: a shebang shim over the compiled CLI.
import fs from 'node:fs';
fs.writeFileSync('dist/cli.js', "#!/usr/bin/env node\nimport './source/cli.js';\n", { mode: 0o755 });
