/** Step 2's DB2 user check through the ibm_db driver (a fake driver: ibm_db cannot be installed here). */
import { describe, expect, it } from 'vitest';
import { verifyUser, type IbmDb } from '../../../source/adapters/database/db2.js';
import type { DbTarget } from '../../../source/adapters/database/sql.js';
import { outcomeInUserWords } from '../../../steps/create-database/fixes.js';

const USER_PW = 'Mfp-user-pw1';

describe('the PMF user check through ibm_db (when it is installed)', () => {
  const target: DbTarget = {
    type: 'db2',
    host: 'db2.example.com',
    port: 50000,
    name: 'MFPDATA',
    schema: 'MFPDATA',
    user: 'mfpuser',
    password: USER_PW,
    accountHosts: [],
    tablespace: 'USERS',
  };
  const io = { log: () => {} };

  /** A fake ibm_db answering like the driver: rows as objects, errors with the CLI driver's text. */
  function fakeIbmDb(answer: (sql: string) => unknown[] | Error, openError?: string): IbmDb & { opened: string[] } {
    const opened: string[] = [];
    return {
      opened,
      async open(connection: string) {
        opened.push(connection);
        if (openError) throw new Error(openError);
        return {
          async query(sql: string) {
            const result = answer(sql);
            if (result instanceof Error) throw result;
            return result;
          },
          async close() {
            return true;
          },
        };
      },
    };
  }

  it('goes to host:port directly and finds nothing missing when the user has what PMF needs', async () => {
    const ibmDb = fakeIbmDb((sql) => {
      if (sql.includes('SYSCAT.TABLESPACES')) return [{ PAGESIZE: 32768 }];
      if (sql.includes('SYSCAT.DBAUTH')) return [{ GRANTEE: 'MFPUSER', GRANTEETYPE: 'U', CONNECTAUTH: 'Y', CREATETABAUTH: 'Y', IMPLSCHEMAAUTH: 'Y', DBADMAUTH: 'N' }];
      if (sql.startsWith('DROP TABLE') && !sql.includes('PROBE')) return [];
      return [];
    });
    const outcome = await verifyUser(target, { runner: undefined as never, instance: 'db2inst1', io, ibmDb });
    expect(outcome.missing).toEqual([]);
    expect(ibmDb.opened).toEqual([`DATABASE=MFPDATA;HOSTNAME=db2.example.com;PORT=50000;PROTOCOL=TCPIP;UID=mfpuser;PWD=${USER_PW};`]);
  });

  it('maps the driver’s SQL codes to the same list as the CLP', async () => {
    const refused = fakeIbmDb(() => [], '[IBM][CLI Driver] SQL30082N  Security processing failed with reason "24" ("USERNAME AND/OR PASSWORD INVALID").  SQLSTATE=08001');
    // As the user reads it: the step words the refused login in the answers' terms.
    expect(outcomeInUserWords(await verifyUser(target, { runner: undefined as never, instance: 'x', io, ibmDb: refused })).missing).toEqual([
      'mfpuser cannot log in to DB2 (SQL30082N): the operating-system user mfpuser does not exist on the DB2 server, or its password is not database.password',
    ]);
    const restricted = fakeIbmDb((sql) => {
      if (sql.includes('SYSCAT.TABLESPACES')) return [{ PAGESIZE: 4096 }];
      if (sql.includes('SYSCAT.DBAUTH')) return [{ GRANTEE: 'MFPUSER', GRANTEETYPE: 'U', CONNECTAUTH: 'Y', CREATETABAUTH: 'N', IMPLSCHEMAAUTH: 'N', DBADMAUTH: 'N' }];
      if (sql.startsWith('CREATE TABLE')) return new Error('[IBM][CLI Driver][DB2/LINUXX8664] SQL0552N  "MFPUSER" does not have the privilege to perform operation "CREATE TABLE".  SQLSTATE=42502');
      return [];
    });
    expect((await verifyUser(target, { runner: undefined as never, instance: 'x', io, ibmDb: restricted })).missing).toEqual([
      'database MFPDATA has page size 4096; PMF needs 32768',
      'mfpuser lacks CREATETAB on MFPDATA',
      'mfpuser lacks IMPLICIT_SCHEMA on MFPDATA (needed to create the schema MFPDATA)',
    ]);
  });
});
