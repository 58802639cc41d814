import { describe, expect, it } from 'vitest';
import { formatProblems } from '../../source/ui/plain.js';

describe('problems as the plain output prints them', () => {
  it('names the question as asked first, then the answers-file key in parentheses', () => {
    expect(formatProblems([{ path: 'liberty.installDir', question: 'Liberty installation directory', message: 'no such file', fix: 'Create it.' }])).toEqual([
      '  Liberty installation directory (liberty.installDir): no such file. Create it.',
    ]);
    expect(formatProblems([{ path: 'nodes[0].httpsPort', question: 'Farm nodes (Liberty servers)', message: "port 9080 is already pmf1's httpPort", fix: 'Give each its own.' }])).toEqual([
      "  Farm nodes (Liberty servers) (nodes[0].httpsPort): port 9080 is already pmf1's httpPort. Give each its own.",
    ]);
  });

  it('keeps the key alone when no question declares it, and never prints $ for the whole file', () => {
    expect(formatProblems([{ path: 'liberty.instalDir', message: 'unknown key', fix: 'Did you mean "liberty.installDir"?' }])).toEqual(['  liberty.instalDir: unknown key. Did you mean "liberty.installDir"?']);
    expect(formatProblems([{ path: '$', message: 'the answers must be a JSON object', fix: 'Start from a sample.' }])).toEqual(['  the answers must be a JSON object. Start from a sample.']);
  });
});
