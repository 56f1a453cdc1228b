import { describe, expect, it } from 'vitest';
import { DirectiveFatal } from '../../src/interaction/args';
import { parseDatadriven, type Directive } from '../../src/interaction/datadriven';
import { InteractionEnv } from '../../src/interaction/interaction_env';
import { commandNames } from '../../src/interaction/handlers';

/** Parses one directive line (plus optional input) into a Directive. */
function d(line: string, input = ''): Directive {
  const text = input === '' ? `${line}\n----\n` : `${line}\n${input}\n----\n`;
  const r = parseDatadriven('t.txt', text);
  if (!r.ok) throw new Error(r.error.message);
  const first = r.file.directives[0];
  if (first === undefined) throw new Error('no directive');
  return first.directive;
}

describe('InteractionEnv.handle', () => {
  it('answers ok for a command with no output', () => {
    const env = new InteractionEnv();
    expect(env.handle(d('_breakpoint'))).toBe('ok');
    expect(env.handle(d('log-level info'))).toBe('ok');
    expect(env.output.lvl).toBe(1);
  });

  it('reports unknown commands', () => {
    expect(new InteractionEnv().handle(d('frobnicate 1'))).toBe('unknown command');
  });

  it('knows every command of the harness', () => {
    expect(commandNames).toEqual([
      '_breakpoint',
      'add-nodes',
      'campaign',
      'compact',
      'deliver-msgs',
      'forget-leader',
      'log-level',
      'process-append-thread',
      'process-apply-thread',
      'process-ready',
      'propose',
      'propose-conf-change',
      'raft-log',
      'raft-state',
      'report-unreachable',
      'send-snapshot',
      'set-randomized-election-timeout',
      'stabilize',
      'status',
      'tick-election',
      'tick-heartbeat',
      'transfer-leadership',
    ]);
  });

  it('prints handler errors, and at level NONE prints only them', () => {
    const env = new InteractionEnv();
    expect(env.handle(d('log-level loud'))).toBe(
      'log levels must be either of [DEBUG INFO WARN ERROR FATAL NONE]',
    );
    env.handle(d('log-level none'));
    expect(env.handle(d('frobnicate'))).toBe('unknown command');
    expect(env.handle(d('raft-state'))).toBe('ok');
  });
});

describe('argument errors (exact upstream texts)', () => {
  it('add-nodes', () => {
    const env = new InteractionEnv();
    expect(env.handle(d('add-nodes 1 read-only=fast'))).toBe('invalid read-only option "fast"');
    expect(env.handle(d('add-nodes 1 voters=(1) index=1'))).toBe(
      'index must be specified as > 1 due to bootstrap',
    );
    expect(env.handle(d('add-nodes 1 voters=(1)'))).toBe('index must be specified as > 1 due to bootstrap');
    expect(env.nodes).toHaveLength(0);
  });

  it('propose-conf-change', () => {
    const env = new InteractionEnv();
    expect(env.handle(d('propose-conf-change 1 foo=bar', 'v2'))).toBe('unknown command foo');
    expect(env.handle(d('propose-conf-change 1 transition=sideways', 'v2'))).toBe(
      'unknown transition sideways',
    );
    expect(env.handle(d('propose-conf-change 1 v1=maybe', 'v2'))).toBe(
      'strconv.ParseBool: parsing "maybe": invalid syntax',
    );
    expect(env.handle(d('propose-conf-change 1 v1=true', 'v2 v3'))).toBe(
      'v1 conf change can only have one operation and no transition',
    );
    expect(env.handle(d('propose-conf-change 1 v1=true transition=explicit', 'v2'))).toBe(
      'v1 conf change can only have one operation and no transition',
    );
    expect(env.handle(d('propose-conf-change 1', 'x'))).toBe('unknown token x');
    expect(env.handle(d('propose-conf-change 1', 'z3'))).toBe('unknown input: z3');
    expect(env.handle(d('propose-conf-change 1', 'vx'))).toBe(
      'strconv.ParseUint: parsing "x": invalid syntax',
    );
  });

  it('report-unreachable', () => {
    const env = new InteractionEnv();
    const msg = 'must specify exactly two node indexes: node on which to report, and reported node';
    expect(env.handle(d('report-unreachable 1'))).toBe(msg);
    expect(env.handle(d('report-unreachable 1 2 3'))).toBe(msg);
  });

  it('compact with a malformed index', () => {
    const env = new InteractionEnv();
    expect(env.handle(d('compact 1 x'))).toBe('strconv.ParseUint: parsing "x": invalid syntax');
  });

  it('stabilize with a bad log level restores the level', () => {
    const env = new InteractionEnv();
    env.handle(d('log-level warn'));
    expect(env.handle(d('stabilize log-level=chatty'))).toBe(
      'log levels must be either of [DEBUG INFO WARN ERROR FATAL NONE]',
    );
    expect(env.output.lvl).toBe(2);
  });

  it('script mistakes are test-fatal', () => {
    const env = new InteractionEnv();
    expect(() => env.handle(d('campaign one'))).toThrow(DirectiveFatal);
    expect(() => env.handle(d('propose 1'))).toThrow(DirectiveFatal);
    expect(() => env.handle(d('deliver-msgs 1 drop=(1)'))).toThrow("can't both deliver and drop msgs to 1");
    expect(() => env.handle(d('deliver-msgs type=MsgNope'))).toThrow('unknown message type MsgNope');
    expect(() => env.handle(d('transfer-leadership from=1 to=2'))).toThrow('expected valid "from" argument');
    expect(() => env.handle(d('add-nodes 1 content=x'))).toThrow(DirectiveFatal);
  });

  it('deliver-msgs with nothing queued', () => {
    expect(new InteractionEnv().handle(d('deliver-msgs 1 drop=(2)'))).toBe('no messages\n');
  });
});

describe('withIndent', () => {
  it('indents every captured line by two spaces and ends the last one', () => {
    const env = new InteractionEnv();
    env.output.write('> header\n');
    env.withIndent(() => {
      env.output.write('a\n\nb');
    });
    env.withIndent(() => undefined);
    env.withIndent(() => env.output.info('log'));
    expect(env.output.toString()).toBe('> header\n  a\n  \n  b\n  INFO log\n');
  });

  it('drops a trailing carriage return like a line scanner', () => {
    const env = new InteractionEnv();
    env.withIndent(() => env.output.write('x\r\ny'));
    expect(env.output.toString()).toBe('  x\n  y\n');
  });

  it('writes nothing when quiet', () => {
    const env = new InteractionEnv();
    env.output.lvl = 5;
    env.withIndent(() => env.output.write('x\n'));
    expect(env.output.length).toBe(0);
  });
});
