import { describe, expect, it } from 'vitest';
import { foldText, formatTable } from '../../source/engine/output-table.js';

const rows = [
  ['mfp.server.install.dir', '/opt/IBM/MobileFirst_Platform_Server/MobileFoundationServer', 'pmf.installDir: where the WARs are taken from'],
  ['appserver.was85liberty.serverInstance', 'pmf2', 'the server PMF goes on, one of the farm members that share the database'],
  ['database.mysql.mfp.password', '(secret)', 'given at run time from a 0600 file'],
];

describe('a table folded to the screen', () => {
  it('is unchanged when it fits, or when no width is given', () => {
    const table = { header: ['node', 'state'], rows: [['pmf1', 'running']] };
    expect(formatTable(table, { width: 80 })).toEqual(formatTable(table));
    expect(formatTable({ header: ['p', 'v', 'why'], rows }, { header: false })[0]).toHaveLength(
      ['appserver.was85liberty.serverInstance', '/opt/IBM/MobileFirst_Platform_Server/MobileFoundationServer', rows[1][2]].join('  ').length - rows[1][2].length + rows[0][2].length,
    );
  });

  it.each([60, 80, 120])('never makes a line wider than %i columns, and no folded line starts with a space', (width) => {
    const lines = formatTable({ header: ['property', 'value', 'why'], rows }, { indent: '  ', width });
    for (const line of lines) {
      expect([...line].length, line).toBeLessThanOrEqual(width);
      expect(line.startsWith('  '), line).toBe(true);
    }
    // Folded, not cut: every character of every cell is still there.
    const characters = (text: string) => [...text.replace(/[\s─]/g, '')].sort().join('');
    expect(characters(lines.join(''))).toBe(characters(['property', 'value', 'why', ...rows.flat()].join('')));
  });

  it('keeps columns aligned: a folded cell continues under itself', () => {
    const lines = formatTable({ header: ['property', 'why'], rows: [['mfp.farm.configure', 'two nodes: a server farm of Liberty servers sharing one database']] }, { header: false, width: 50 });
    expect(lines).toEqual(['mfp.farm.configure  two nodes: a server farm of', '                    Liberty servers sharing one', '                    database']);
  });
});

describe('foldText', () => {
  it('breaks at a space and drops it, else after a slash, else anywhere', () => {
    expect(foldText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(foldText('/opt/IBM/WebSphere/Liberty', 12)).toEqual(['/opt/IBM/', 'WebSphere/', 'Liberty']);
    expect(foldText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(foldText('  indented words here', 10)).toEqual(['  indented', 'words here']);
    // A path breaks after a slash rather than at the dot of its extension.
    expect(foldText('/tmp/state/logs/run-11-28T06-35.log', 34)).toEqual(['/tmp/state/logs/', 'run-11-28T06-35.log']);
    expect(foldText('mfp.admin.client.secret', 12)).toEqual(['mfp.admin.', 'client.', 'secret']);
  });
});

describe('formatTable: the first column names the row', () => {
  it('is not folded while another column can give room', () => {
    const table = { header: ['property', 'value', 'why'], rows: [['appserver.was85liberty.serverInstance', '/a/rather/long/installation/directory/of/liberty', 'nodes[0].name: the server PMF goes on']] };
    const lines = formatTable(table, { width: 80 });
    expect(lines.some((line) => line.startsWith('appserver.was85liberty.serverInstance'))).toBe(true);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
  });
});
