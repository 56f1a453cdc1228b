import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LabSession } from '../../../src/ui/lab/model/lab_session';
import { checkCommand } from '../../../src/ui/lab/model/command_line';
import { envView } from '../../../src/ui/lab/model/env_view';
import { samples } from '../../../src/ui/lab/samples';
import { conformanceDir, conformanceMissingOutsideCI, scriptFiles } from '../../interaction/conformance_dir';

function load(text: string, run = false, name = 'test.txt'): LabSession {
  const r = LabSession.fromScript(name, text, run);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.session;
}

function issue(s: LabSession, line: string, input = ''): void {
  const check = checkCommand(line, input, { nodeCount: s.environment.nodes.length });
  if (!check.ok) throw new Error(`${line}: ${JSON.stringify(check.error)}`);
  const r = s.issue(check);
  if (!r.ok) throw new Error(r.message);
}

describe('built-in samples', () => {
  it.each(samples.map((s) => [s.id, s] as const))('%s runs with the outputs it expects', (_id, sample) => {
    const s = load(sample.text, false, sample.fileName);
    expect(s.cursor).toBe(0);
    while (s.canForward()) s.forward();
    expect(s.cursor).toBe(s.steps.length);
    expect(s.differences()).toEqual([]);
    for (const step of s.steps) expect(step.output).toBe(step.expected);
    // A fully run, unchanged sample exports as itself, byte for byte.
    expect(s.exportText()).toBe(sample.text);
  });
});

describe('stepping', () => {
  it('steps back by replaying the prefix and forward again to the same outputs', () => {
    const sample = samples[1];
    if (sample === undefined) throw new Error('no sample');
    const s = load(sample.text);
    s.seek(8);
    const before = s.steps.map((x) => x.output);
    const queueBefore = envView(s.environment).messages.map((m) => m.text);
    s.back();
    s.back();
    expect(s.cursor).toBe(6);
    expect(s.steps[6]?.output).toBeUndefined();
    s.forward();
    s.forward();
    expect(s.steps.map((x) => x.output)).toEqual(before);
    expect(envView(s.environment).messages.map((m) => m.text)).toEqual(queueBefore);
    s.seek(0);
    expect(s.environment.nodes).toHaveLength(0);
    expect(s.canBack()).toBe(false);
  });

  it('drops the unrun tail when a command is issued mid-script', () => {
    const s = load(samples[0]?.text ?? '');
    s.seek(3);
    issue(s, 'raft-state');
    expect(s.steps).toHaveLength(4);
    expect(s.steps[3]?.origin).toBe('user');
    expect(s.steps[3]?.output).toBe('1: StateLeader (Voter) Term:1 Lead:1\n');
  });

  it('keeps the session when the harness throws on a typed command', () => {
    const s = LabSession.empty();
    issue(s, 'add-nodes 2 voters=(1,2,3,4) index=2');
    issue(s, 'campaign 1');
    issue(s, 'process-ready 1');
    const queued = envView(s.environment).messages.length;
    expect(queued).toBe(3);
    // Node 3 does not exist: delivering to it is an index panic in the harness.
    const r = s.issue({ ok: true, line: 'deliver-msgs 3', input: '', cmd: 'deliver-msgs' });
    expect(r).toMatchObject({ ok: false });
    expect(s.steps).toHaveLength(3);
    expect(envView(s.environment).messages.length).toBe(queued);
  });
});

describe('export and import', () => {
  it('round-trips a session built from typed commands', () => {
    const s = LabSession.empty();
    issue(s, 'add-nodes 3 voters=(1,2,3) index=10');
    issue(s, 'campaign 1');
    issue(s, 'stabilize');
    issue(s, 'propose-conf-change 1', 'l4');
    issue(s, 'set-randomized-election-timeout 2 timeout=3');
    issue(s, 'tick-election 2');
    issue(s, 'status 1');
    const text = s.exportText();
    expect(text).toContain('propose-conf-change 1\nl4\n----\nok\n');
    const again = load(text, true, 'exported.txt');
    expect(again.cursor).toBe(7);
    expect(again.differences()).toEqual([]);
    expect(again.exportText()).toBe(text);
  });

  it('points at the line of a wrong expected output', () => {
    const text =
      'add-nodes 1 voters=(1) index=2\n----\nINFO 1 switched to configuration voters=(1)\nINFO 1 became follower at term 0\nINFO newRaft 1 [peers: [1], term: 0, commit: 2, applied: 2, lastindex: 2, lastterm: 1]\n\n# a comment\nraft-state\n----\n1: StateLeader (Voter) Term:0 Lead:0\n';
    const s = load(text, true);
    const diffs = s.differences();
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({ index: 1, fileLine: 10 });
    expect(diffs[0]?.ops).toEqual([
      { op: 'expected', text: '1: StateLeader (Voter) Term:0 Lead:0' },
      { op: 'actual', text: '1: StateFollower (Voter) Term:0 Lead:0' },
    ]);
  });

  it('reports a malformed file with its line', () => {
    const r = LabSession.fromScript('bad.txt', 'raft-state\n----\n----\nok\n----\n----\nnot blank\n', true);
    expect(r).toMatchObject({ ok: false, error: { kind: 'parse-error', file: 'bad.txt', line: 1 } });
    expect(LabSession.fromScript('empty.txt', '# nothing\n', true)).toMatchObject({
      ok: false,
      error: { kind: 'no-directives' },
    });
  });

  it('stops at a crash, like the datadriven runner', () => {
    const s = load('add-nodes 1\n----\nok\n\ncampaign 5\n----\nok\n\nraft-state\n----\nok\n', true);
    expect(s.cursor).toBe(2);
    expect(s.crashed).toBe(true);
    expect(s.steps[1]?.output).toMatch(/^panic: runtime error: index out of range/);
    expect(s.canForward()).toBe(false);
    expect(s.issue({ ok: true, line: 'raft-state', input: '', cmd: 'raft-state' }).ok).toBe(false);
    s.back();
    expect(s.canForward()).toBe(true);
  });
});

describe('reading the env between directives', () => {
  it.skipIf(conformanceMissingOutsideCI)('leaves every upstream script byte-identical', () => {
    expect(scriptFiles(conformanceDir).length).toBeGreaterThan(0);
    for (const f of scriptFiles(conformanceDir)) {
      const s = load(readFileSync(resolve(conformanceDir, f), 'utf8'), false, f);
      while (s.canForward()) {
        envView(s.environment);
        s.forward();
      }
      expect(s.differences(), f).toEqual([]);
    }
  });

  it('shows members, queue, pending Ready, log and progress', () => {
    const s = LabSession.empty();
    issue(s, 'add-nodes 3 voters=(1,2,3) index=10');
    issue(s, 'campaign 1');
    issue(s, 'stabilize');
    issue(s, 'propose 1 foo');
    const view = envView(s.environment);
    const [n1] = view.nodes;
    expect(n1).toMatchObject({
      id: '1',
      state: 'StateLeader',
      term: 1,
      lead: '1',
      commit: 11,
      lastIndex: 12,
    });
    expect(n1?.pendingReady).toContain('Entries:\n1/12 EntryNormal "foo"');
    expect(n1?.log.map((e) => [e.text, e.stable])).toEqual([
      ['1/11 EntryNormal ""', true],
      ['1/12 EntryNormal "foo"', false],
    ]);
    expect(n1?.progress.map((p) => p.text)).toEqual([
      'StateReplicate match=11 next=12',
      'StateReplicate match=11 next=13 inflight=1',
      'StateReplicate match=11 next=13 inflight=1',
    ]);
    expect(view.nodes[1]).toMatchObject({ state: 'StateFollower', canElect: true, progress: [] });
    issue(s, 'process-ready 1');
    expect(envView(s.environment).messages.map((m) => [m.to, m.type, m.local])).toEqual([
      ['2', 'MsgApp', false],
      ['3', 'MsgApp', false],
    ]);
  });
});
