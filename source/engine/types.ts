/** The answers once validated: defaults applied, secrets resolved (in memory only). */
export interface NodeAnswer {
  name: string;
  httpPort: number;
  httpsPort: number;
}

export interface LibertyAnswers {
  acceptLicense: boolean;
  installMethod: 'imcl' | 'archive' | 'maven';
  imclPath?: string;
  repositoryDir?: string;
  packageId: string;
  archive?: string;
  /** The maven route: groupId:artifactId and version of a Liberty runtime zip. */
  artifact?: string;
  version?: string;
  installDir: string;
  userDir?: string;
}

/** Steps 3 and 4 (steps/ant-properties.ts declares the questions and their defaults). */
export interface PmfAnswers {
  /** pmf_install_dir: holds MobileFoundationServer/configuration-samples/. */
  installDir?: string;
  /** Default: <installDir>/tools/apache-ant-<version>/bin/ant, the Ant bundled with PMF. */
  antPath?: string;
  /** JAVA_HOME for Ant; the environment's when absent. */
  javaHome?: string;
  /** mfp.admin.default.user (default admin). */
  adminUser?: string;
  /** mfp.admin.default.user.initialpassword: a secret, resolved in memory only. */
  adminPassword?: string;
  /** mfp.admin.contextroot (default /mfpadmin); live update is at <root>config. */
  adminContextRoot?: string;
  /** mfp.runtime.contextroot (default /mfp). */
  runtimeContextRoot?: string;
  /** mfp.admin.client.id / mfp.push.client.id; their secrets are generated. */
  adminClientId?: string;
  pushClientId?: string;
  /** mfp.config.admin.user; its password is generated. */
  configAdminUser?: string;
  /** How long step 4 waits for the server and the console (default 300). */
  startTimeoutSeconds?: number;
  [key: string]: unknown;
}

export interface DatabaseAnswers {
  type?: 'mysql' | 'db2' | 'oracle' | 'derby';
  [key: string]: unknown;
}

export interface Answers {
  liberty: LibertyAnswers;
  pmf: PmfAnswers;
  database: DatabaseAnswers;
  nodes: NodeAnswer[];
  [key: string]: unknown;
}
