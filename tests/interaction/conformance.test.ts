import { describe, expect, it } from 'vitest';
import { firstDifferenceLine, runConformance } from '../../src/interaction/conformance';

describe('firstDifferenceLine', () => {
  it('finds the first differing line, 1-based', () => {
    expect(firstDifferenceLine('a\nb\nc\n', 'a\nb\nc\n')).toBeUndefined();
    expect(firstDifferenceLine('a\nb\nc\n', 'a\nx\nc\n')).toBe(2);
    expect(firstDifferenceLine('a\nb\n', 'a\nb\nc\n')).toBe(3);
  });
});

describe('runConformance', () => {
  it('passes a script whose outputs match', () => {
    const text =
      'log-level info\n----\nok\n\nlog-level loud\n----\nlog levels must be either of [DEBUG INFO WARN ERROR FATAL NONE]\n';
    const r = runConformance('ok.txt', text);
    expect(r.passed).toBe(true);
    expect(r.actual).toBe(text);
    expect(r.firstDifferenceLine).toBeUndefined();
  });

  it('points at the first wrong line of a failing script', () => {
    const r = runConformance('bad.txt', '# c\nlog-level info\n----\nnot ok\n');
    expect(r.passed).toBe(false);
    expect(r.firstDifferenceLine).toBe(4);
    expect(r.actual).toBe('# c\nlog-level info\n----\nok\n');
  });

  it('reports parse errors as values', () => {
    const r = runConformance('p.txt', 'cmd a=(1\n----\nok\n');
    expect(r.passed).toBe(false);
    expect(r.firstDifferenceLine).toBe(1);
    expect(r.parseError).toEqual({
      kind: 'parse-error',
      pos: 'p.txt:1',
      line: 1,
      message: 'cannot parse directive at column 7: cmd a=(1',
    });
  });

  it('reports a test-fatal directive as a crash at its line and stops there', () => {
    const text = 'log-level info\n----\nok\n\ncampaign x\n----\nok\n\nlog-level info\n----\nok\n';
    const r = runConformance('f.txt', text);
    expect(r.passed).toBe(false);
    expect(r.crash?.pos).toBe('f.txt:5');
    expect(r.firstDifferenceLine).toBe(7);
    expect(r.actual).toContain('panic: strconv.Atoi: parsing "x": invalid syntax');
  });
});
