/** The env as a UI would use it: build directives in code, read state between them. */
import { describe, expect, it } from 'vitest';
import { parseDatadriven, type Directive } from '../../src/interaction/datadriven';
import { conformanceOptions } from '../../src/interaction/conformance';
import { InteractionEnv } from '../../src/interaction/interaction_env';
import { MessageType } from '../../src/raft/raftpb/types';

function d(line: string): Directive {
  const r = parseDatadriven('ui', `${line}\n----\n`);
  if (!r.ok || r.file.directives[0] === undefined) throw new Error('bad directive');
  return r.file.directives[0].directive;
}

describe('InteractionEnv accessors', () => {
  it('exposes nodes, the message queue and histories between steps', () => {
    const env = new InteractionEnv(conformanceOptions);
    env.handle(d('log-level none'));
    env.handle(d('add-nodes 3 voters=(1,2,3) index=10'));
    expect(env.nodes.map((n) => n.id)).toEqual([1n, 2n, 3n]);
    expect(env.history(1n).map((s) => s.metadata.index)).toEqual([10]);

    env.handle(d('campaign 1'));
    env.handle(d('process-ready 1'));
    const queued = env.queuedMessages();
    expect(queued.map((m) => [MessageType[m.type], m.from, m.to])).toEqual([
      ['MsgVote', 1n, 2n],
      ['MsgVote', 1n, 3n],
    ]);

    env.handle(d('stabilize'));
    expect(env.queuedMessages()).toHaveLength(0);
    // Every node applied the leader's empty entry at index 11.
    for (const n of env.nodes) {
      expect(env.history(n.id).map((s) => s.metadata.index)).toEqual([10, 11]);
    }
    expect(env.nodeByID(4n)).toBeUndefined();
    expect(env.history(9n)).toEqual([]);
  });

  it('returns only a returned error at level NONE', () => {
    const env = new InteractionEnv(conformanceOptions);
    env.handle(d('log-level none'));
    env.handle(d('add-nodes 1 voters=(1,2) index=2'));
    expect(env.handle(d('propose 1 foo'))).toBe('raft proposal dropped');
  });

  it('prints the log line and the error text of a dropped proposal', () => {
    const env = new InteractionEnv(conformanceOptions);
    env.handle(d('log-level none'));
    env.handle(d('add-nodes 1 voters=(1,2) index=2'));
    env.handle(d('log-level info'));
    expect(env.handle(d('propose 1 foo'))).toBe(
      'INFO 1 no leader at term 0; dropping proposal\nraft proposal dropped',
    );
  });

  it('queues async storage work per node', () => {
    const env = new InteractionEnv(conformanceOptions);
    env.handle(d('log-level none'));
    env.handle(d('add-nodes 1 voters=(1) index=2 async-storage-writes=true'));
    env.handle(d('campaign 1'));
    env.handle(d('process-ready 1'));
    const node = env.nodes[0];
    expect(node?.appendWork.map((m) => MessageType[m.type])).toEqual(['MsgStorageAppend']);
    env.handle(d('log-level debug'));
    expect(env.handle(d('process-apply-thread 1'))).toBe('no apply work to perform');
  });
});
