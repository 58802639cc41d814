import path from 'node:path';
import { root } from './cli.js';

/** Answers of a two-node farm on MySQL with the tutorial's ports, its secrets given inline, for steps run in the test process. */
export function twoNodeMysqlAnswers(dir: string, libertyInstallDir = '/opt/IBM/WebSphere/Liberty') {
  return {
    liberty: { installMethod: 'archive', archive: path.join(dir, 'wlp.zip'), installDir: libertyInstallDir, acceptLicense: true },
    pmf: { installDir: path.join(root, 'fixtures', 'pmf'), adminPassword: 'S3cret-pw-42' },
    database: { type: 'mysql', host: 'localhost', port: 3306, name: 'MFPDATA', user: 'mfpuser', password: 'S3cret-db', driverDir: '/usr/share/java', admin: { user: 'root', password: 'S3cret-root' } },
    nodes: [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ],
  };
}
