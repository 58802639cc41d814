/** The answers once validated: defaults applied, secrets resolved (in memory only). */
export interface NodeAnswer {
  name: string;
  httpPort: number;
  httpsPort: number;
}

export interface LibertyAnswers {
  acceptLicense: boolean;
  installMethod: 'imcl' | 'archive';
  imclPath?: string;
  repositoryDir?: string;
  packageId: string;
  archive?: string;
  installDir: string;
  userDir?: string;
}

export interface PmfAnswers {
  installDir?: string;
  adminUser?: string;
  adminPassword?: string;
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
