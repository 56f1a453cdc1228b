import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasBlankLine,
  parseDatadriven,
  parseLine,
  renderDatadriven,
  runDatadriven,
  type ParsedFile,
} from '../../src/interaction/datadriven';
import { conformanceDir, conformanceMissingOutsideCI, scriptFiles } from './conformance_dir';

function parseOk(text: string, name = 'test.txt'): ParsedFile {
  const r = parseDatadriven(name, text);
  if (!r.ok) {
    throw new Error(`${r.error.pos}: ${r.error.message}`);
  }
  return r.file;
}

describe('parseLine', () => {
  it('splits a command and its arguments', () => {
    expect(parseLine('add-nodes 3 voters=(1,2,3) index=2')).toEqual({
      cmd: 'add-nodes',
      cmdArgs: [
        { key: '3', vals: [] },
        { key: 'voters', vals: ['1', '2', '3'] },
        { key: 'index', vals: ['2'] },
      ],
    });
  });

  it('handles single-value lists, empty values and spaces after commas', () => {
    expect(parseLine('deliver-msgs drop=(3) k= x=(a, b,  c)')).toEqual({
      cmd: 'deliver-msgs',
      cmdArgs: [
        { key: 'drop', vals: ['3'] },
        { key: 'k', vals: [''] },
        { key: 'x', vals: ['a', 'b', 'c'] },
      ],
    });
  });

  it('keeps nested parentheses inside one value', () => {
    expect(parseLine('cmd exprs=(a + (b + c), d + f)')).toEqual({
      cmd: 'cmd',
      cmdArgs: [{ key: 'exprs', vals: ['a + (b + c)', 'd + f'] }],
    });
  });

  it('gives quotes no meaning', () => {
    expect(parseLine('propose 1 "foo"')).toEqual({
      cmd: 'propose',
      cmdArgs: [
        { key: '1', vals: [] },
        { key: '"foo"', vals: [] },
      ],
    });
  });

  it('returns undefined for a blank line', () => {
    expect(parseLine('   ')).toBeUndefined();
  });

  it('reports an unterminated list with its column', () => {
    expect(parseLine('cmd a=(1,2')).toEqual({ error: 'cannot parse directive at column 7: cmd a=(1,2' });
  });

  it('reports an argument that starts with =', () => {
    expect(parseLine('cmd =x')).toEqual({ error: 'cannot parse directive at column 5: cmd =x' });
  });
});

describe('parseDatadriven', () => {
  it('reads directives, inputs, expected blocks, comments and positions', () => {
    const text = [
      '# a comment',
      '',
      'log-level info',
      '----',
      'ok',
      '',
      'propose-conf-change 1 transition=explicit',
      'v2 v3',
      '----',
      'INFO a',
      'INFO b',
      '',
      '',
      'stabilize',
      '----',
      '',
      'raft-log 1',
      '----',
      'log is empty',
    ].join('\n');
    const file = parseOk(text, 'f.txt');
    const ds = file.directives.map((p) => p.directive);
    expect(ds.map((d) => [d.cmd, d.pos, d.input, d.expected])).toEqual([
      ['log-level', 'f.txt:3', '', 'ok\n'],
      ['propose-conf-change', 'f.txt:7', 'v2 v3', 'INFO a\nINFO b\n'],
      ['stabilize', 'f.txt:14', '', ''],
      ['raft-log', 'f.txt:17', '', 'log is empty\n'],
    ]);
    expect(renderDatadriven(file, [])).toBe(text);
  });

  it('reads the double-separator form with blank lines inside', () => {
    const text = 'cmd\n----\n----\na\n\n----\nb\n----\n----\n\nnext\n----\nok\n';
    const file = parseOk(text);
    expect(file.directives.map((p) => p.directive.expected)).toEqual(['a\n\n----\nb\n', 'ok\n']);
    expect(renderDatadriven(file, [])).toBe(text);
  });

  it('rejects a non-blank line after a double separator', () => {
    const r = parseDatadriven('x.txt', 'cmd\n----\n----\na\n----\n----\nz\n');
    expect(r).toEqual({
      ok: false,
      error: {
        kind: 'parse-error',
        pos: 'x.txt:1',
        line: 1,
        message: 'non-blank line after end of double ---- separator section',
      },
    });
  });

  it('reports directive syntax errors with file and line', () => {
    const r = parseDatadriven('x.txt', '\n\ncmd a=(1\n----\nok\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.pos).toBe('x.txt:3');
    }
  });

  it('joins continuation lines and strips carriage returns', () => {
    const text = 'cmd a \\\n  b=1\r\n----\r\nok\r\n';
    const file = parseOk(text);
    const d = file.directives[0]?.directive;
    expect(d?.cmdArgs).toEqual([
      { key: 'a', vals: [] },
      { key: 'b', vals: ['1'] },
    ]);
    expect(d?.expected).toBe('ok\n');
    expect(renderDatadriven(file, ['ok'])).toBe(text);
  });

  it('handles a directive without separator at end of file', () => {
    const text = 'cmd\ninput';
    const file = parseOk(text);
    expect(file.directives[0]?.form).toBe('none');
    expect(file.directives[0]?.directive.input).toBe('input');
    expect(renderDatadriven(file, [''])).toBe(text);
    expect(renderDatadriven(file, ['out'])).toBe('cmd\ninput\n----\nout\n');
  });
});

describe('rendering outputs', () => {
  const text = 'a\n----\nok\n\nb\n----\nx\ny\n\n# end\n';

  it('renders a different output in place of the expected block', () => {
    const file = parseOk(text);
    expect(renderDatadriven(file, ['ok', 'z'])).toBe('a\n----\nok\n\nb\n----\nz\n\n# end\n');
  });

  it('switches to the double-separator form for outputs with blank lines', () => {
    const file = parseOk(text);
    expect(renderDatadriven(file, ['p\n\nq\n', undefined])).toBe(
      'a\n----\n----\np\n\nq\n----\n----\n\nb\n----\nx\ny\n\n# end\n',
    );
    expect(hasBlankLine('p\n\nq\n')).toBe(true);
    expect(hasBlankLine('p\nq\n')).toBe(false);
  });

  it('reparses what it renders', () => {
    const file = parseOk(text);
    const rendered = renderDatadriven(file, ['one\n\ntwo', '']);
    const again = parseOk(rendered);
    expect(again.directives.map((p) => p.directive.expected)).toEqual(['one\n\ntwo\n', '']);
  });
});

describe('runDatadriven', () => {
  it('produces the same text when every output matches', () => {
    const text = 'echo x\n----\nx\n\necho\n----\nok\n';
    const file = parseOk(text);
    const r = runDatadriven(file, (d) => d.cmdArgs[0]?.key ?? 'ok');
    expect(r.actual).toBe(text);
    expect(r.crash).toBeUndefined();
  });

  it('stops at a throwing handler and shows the panic', () => {
    const text = 'a\n----\nok\n\nboom\n----\nok\n\nc\n----\nok\n';
    const file = parseOk(text);
    const seen: string[] = [];
    const r = runDatadriven(file, (d) => {
      seen.push(d.cmd);
      if (d.cmd === 'boom') throw new Error('kaput');
      return 'different';
    });
    expect(seen).toEqual(['a', 'boom']);
    expect(r.crash).toEqual({ pos: 'test.txt:5', line: 5, message: 'kaput' });
    expect(r.actual).toBe('a\n----\ndifferent\n\nboom\n----\npanic: kaput\n\nc\n----\nok\n');
  });
});

describe('round trip of the conformance scripts', () => {
  const files = scriptFiles(conformanceDir);
  it.skipIf(conformanceMissingOutsideCI)('re-renders every script byte for byte', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const text = readFileSync(join(conformanceDir, name), 'utf8');
      const file = parseOk(text, name);
      expect(file.directives.length).toBeGreaterThan(0);
      expect(renderDatadriven(file, [])).toBe(text);
      const outputs = file.directives.map((p) => p.directive.expected);
      expect(renderDatadriven(file, outputs)).toBe(text);
    }
  });
});

// Synthetic scripts: a directive line, an input block, an expected output, and some comments
// and blank lines between directives. Rendering must give the text back and parsing must
// recover exactly what was generated.
const word = fc.stringMatching(/^[a-z0-9_"-]{1,8}$/).filter((w) => w !== '----');
const argArb = fc.oneof(
  word.map((k) => ({ key: k, vals: [] as string[] })),
  fc.tuple(word, word).map(([k, v]) => ({ key: k, vals: [v] })),
  fc.tuple(word, fc.array(word, { minLength: 1, maxLength: 4 })).map(([k, vs]) => ({ key: k, vals: vs })),
);
const outputLine = fc.stringMatching(/^[A-Za-z0-9>: /"-]{0,20}[A-Za-z0-9>:/"-]$/).filter((l) => l !== '----');
const directiveArb = fc.record({
  cmd: word,
  args: fc.array(argArb, { maxLength: 4 }),
  input: fc.array(word, { maxLength: 2 }),
  output: fc.array(outputLine, { maxLength: 5 }),
  blankInside: fc.boolean(),
  gap: fc.array(fc.constantFrom('', '# note', '   '), { maxLength: 2 }),
});

function formatArg(a: { key: string; vals: string[] }): string {
  if (a.vals.length === 0) return a.key;
  if (a.vals.length === 1) return `${a.key}=${a.vals[0] ?? ''}`;
  return `${a.key}=(${a.vals.join(', ')})`;
}

describe('synthetic round trip (property)', () => {
  it('parses back what was generated and re-renders it byte for byte', () => {
    fc.assert(
      fc.property(fc.array(directiveArb, { minLength: 1, maxLength: 6 }), (ds) => {
        let text = '';
        const expectedOutputs: string[] = [];
        for (const d of ds) {
          text += d.gap.map((g) => `${g}\n`).join('');
          text += `${[d.cmd, ...d.args.map(formatArg)].join(' ')}\n`;
          text += d.input.map((l) => `${l}\n`).join('');
          const lines = d.blankInside && d.output.length > 0 ? [...d.output, '', 'tail'] : d.output;
          const output = lines.map((l) => `${l}\n`).join('');
          expectedOutputs.push(output);
          text += hasBlankLine(output) ? `----\n----\n${output}----\n----\n\n` : `----\n${output}\n`;
        }
        const file = parseOk(text);
        expect(file.directives.map((p) => p.directive.cmd)).toEqual(ds.map((d) => d.cmd));
        expect(file.directives.map((p) => p.directive.cmdArgs)).toEqual(ds.map((d) => d.args));
        expect(file.directives.map((p) => p.directive.input)).toEqual(
          ds.map((d) => d.input.join('\n').trim()),
        );
        expect(file.directives.map((p) => p.directive.expected)).toEqual(expectedOutputs);
        expect(renderDatadriven(file, [])).toBe(text);
        expect(renderDatadriven(file, expectedOutputs)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
