import { describe, expect, it } from 'vitest';
import {
  atoi,
  DirectiveFatal,
  nodeIdxs,
  parseBool,
  parseUint64,
  scanSingleArg,
  scanUint64,
} from '../../src/interaction/args';
import type { Directive } from '../../src/interaction/datadriven';

function directive(cmdArgs: Directive['cmdArgs']): Directive {
  return { pos: 'f.txt:1', line: 1, cmd: 'c', cmdArgs, input: '', expected: '' };
}

describe('Go strconv semantics', () => {
  it('parses unsigned integers and reports Go error texts', () => {
    expect(parseUint64('17')).toEqual({ ok: true, value: 17n });
    expect(parseUint64('x')).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "x": invalid syntax' });
    expect(parseUint64('-1')).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "-1": invalid syntax',
    });
    expect(parseUint64('18446744073709551616')).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "18446744073709551616": value out of range',
    });
  });

  it('parses ints like Atoi', () => {
    expect(atoi('+3')).toEqual({ ok: true, value: 3 });
    expect(atoi('a')).toEqual({ ok: false, error: 'strconv.Atoi: parsing "a": invalid syntax' });
  });

  it('parses bools like ParseBool', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(parseBool(t)).toEqual({ ok: true, value: true });
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
      expect(parseBool(f)).toEqual({ ok: true, value: false });
    expect(parseBool('yes')).toEqual({
      ok: false,
      error: 'strconv.ParseBool: parsing "yes": invalid syntax',
    });
  });
});

describe('directive argument helpers', () => {
  it('takes value-less keys as 1-based node numbers', () => {
    expect(
      nodeIdxs(
        directive([
          { key: '1', vals: [] },
          { key: 'x', vals: ['y'] },
          { key: '3', vals: [] },
        ]),
      ),
    ).toEqual([0, 2]);
  });

  it('makes a malformed node number test-fatal', () => {
    expect(() => nodeIdxs(directive([{ key: 'one', vals: [] }]))).toThrow(DirectiveFatal);
  });

  it('scans a required single argument or fails with the position', () => {
    const d = directive([{ key: 'from', vals: ['2'] }]);
    expect(scanSingleArg(d, 'from', scanUint64)).toBe(2n);
    expect(() => scanSingleArg(d, 'to', scanUint64)).toThrow('f.txt:1: missing argument: to');
  });
});
