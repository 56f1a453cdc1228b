import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandSpecs, uncataloguedCommands } from '../../../src/ui/lab/model/commands';
import { checkCommand, type CommandError } from '../../../src/ui/lab/model/command_line';
import { buildCommandLine, tickNeedsPin } from '../../../src/ui/lab/model/command_builder';
import { parseScript, directiveText } from '../../../src/ui/lab/model/script';
import { conformanceDir, conformanceMissingOutsideCI, scriptFiles } from '../../interaction/conformance_dir';

const ctx3 = { nodeCount: 3 };

function errorOf(line: string, input = '', ctx = ctx3): CommandError | undefined {
  const r = checkCommand(line, input, ctx);
  return r.ok ? undefined : r.error;
}

describe('command catalogue', () => {
  it('covers every harness command', () => {
    expect(uncataloguedCommands()).toEqual([]);
    expect(commandSpecs.length).toBeGreaterThanOrEqual(22);
  });

  it.skipIf(conformanceMissingOutsideCI)('accepts every directive of the upstream scripts', () => {
    const files = scriptFiles(conformanceDir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const parsed = parseScript(f, readFileSync(resolve(conformanceDir, f), 'utf8'));
      if (!parsed.ok) throw new Error(f);
      let nodeCount = 0;
      for (const d of parsed.script.directives) {
        const [line = '', ...input] = directiveText(d.source).split('\n');
        const r = checkCommand(line, input.join('\n'), { nodeCount: Math.max(nodeCount, 1) });
        if (d.source.directive.cmd === 'add-nodes') nodeCount += Number(d.source.directive.cmdArgs[0]?.key);
        expect(r, `${f}:${d.source.directive.line} ${line}`).toMatchObject({ ok: true });
      }
    }
  });
});

describe('checkCommand', () => {
  it('accepts well-formed commands and normalises conf-change input', () => {
    expect(checkCommand('  campaign 1 ', '', ctx3)).toEqual({
      ok: true,
      line: 'campaign 1',
      input: '',
      cmd: 'campaign',
    });
    expect(checkCommand('propose-conf-change 1 transition=explicit', 'v4\n  l5', ctx3)).toMatchObject({
      ok: true,
      input: 'v4 l5',
    });
    expect(checkCommand('add-nodes 3 voters=(1,2,3) index=10 prevote=true', '', { nodeCount: 0 }).ok).toBe(
      true,
    );
    expect(checkCommand('deliver-msgs 1 drop=(2,3) type=MsgApp', '', ctx3).ok).toBe(true);
    expect(checkCommand('stabilize log-level=none', '', ctx3).ok).toBe(true);
    expect(checkCommand('log-level Info', '', ctx3).ok).toBe(true);
  });

  it.each([
    ['', { kind: 'empty' }],
    ['# note', { kind: 'comment' }],
    ['frobnicate 1', { kind: 'unknown-command', cmd: 'frobnicate' }],
    ['campaign', { kind: 'missing-argument', what: 'node' }],
    ['campaign 4', { kind: 'bad-node', value: '4', max: 3 }],
    ['campaign x', { kind: 'bad-node', value: 'x', max: 3 }],
    ['campaign 1 2', { kind: 'extra-argument', value: '2' }],
    ['propose 1', { kind: 'missing-argument', what: 'data' }],
    ['propose 1 a=b', { kind: 'bad-data' }],
    ['compact 1 x', { kind: 'bad-number', key: 'index', value: 'x' }],
    ['add-nodes 7', { kind: 'too-many-nodes', max: 9 }],
    ['add-nodes 1 prevote=maybe', { kind: 'bad-bool', key: 'prevote', value: 'maybe' }],
    ['add-nodes 1 colour=red', { kind: 'unknown-option', key: 'colour' }],
    ['deliver-msgs 2 drop=(2)', { kind: 'deliver-and-drop', id: '2' }],
    ['deliver-msgs type=MsgNope', { kind: 'bad-choice', key: 'type', value: 'MsgNope' }],
    ['set-randomized-election-timeout 1', { kind: 'missing-option', key: 'timeout' }],
    ['set-randomized-election-timeout 1 timeout=0', { kind: 'bad-number', key: 'timeout', value: '0' }],
    ['transfer-leadership from=1 to=5', { kind: 'bad-node', value: '5', max: 3 }],
    ['process-ready', { kind: 'missing-argument', what: 'node' }],
    ['voters=(1', { kind: 'unknown-command' }],
    ['add-nodes 1 voters=(1', { kind: 'syntax' }],
  ] as const)('rejects %j', (line, error) => {
    expect(errorOf(line)).toMatchObject(error);
  });

  it('checks conf-change input and needs nodes to exist', () => {
    expect(errorOf('propose-conf-change 1', 'x9')).toMatchObject({ kind: 'bad-input' });
    expect(errorOf('propose-conf-change 1 v1=true', '')).toEqual({ kind: 'v1-needs-one-change' });
    expect(errorOf('campaign 1', '', { nodeCount: 0 })).toEqual({ kind: 'no-nodes', cmd: 'campaign' });
  });
});

describe('command forms', () => {
  it('builds lines the checker accepts', () => {
    const spec = commandSpecs.find((c) => c.name === 'add-nodes');
    if (spec === undefined) throw new Error('no add-nodes');
    const line = buildCommandLine(spec, {
      positional: ['3'],
      options: { voters: ['1', '2', '3'], index: '10', prevote: '', learners: [] },
    });
    expect(line).toBe('add-nodes 3 voters=(1,2,3) index=10');
    expect(checkCommand(line, '', { nodeCount: 0 }).ok).toBe(true);
  });

  it('asks for a pinned election timeout before ticking a node that can campaign', () => {
    const canElect = (n: string) => n !== '1';
    expect(tickNeedsPin('tick-election 2', 'stabilize', canElect)).toBe('2');
    expect(
      tickNeedsPin('tick-election 2', 'set-randomized-election-timeout 2 timeout=3', canElect),
    ).toBeUndefined();
    expect(tickNeedsPin('tick-heartbeat 3', 'set-randomized-election-timeout 2 timeout=3', canElect)).toBe(
      '3',
    );
    expect(tickNeedsPin('tick-election 1', undefined, canElect)).toBeUndefined();
    expect(tickNeedsPin('campaign 2', undefined, canElect)).toBeUndefined();
  });
});
