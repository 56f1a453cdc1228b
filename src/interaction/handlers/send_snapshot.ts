/**
 * `send-snapshot <i> <j>`: queues a MsgSnap from node i to node j carrying node i's latest
 * state-machine snapshot (interaction_env_handler_send_snapshot.go).
 */
import { MessageType, newMessage } from '../../raft/raftpb/types';
import { describeMessage } from '../../raft/util';
import { DirectiveFatal, nodeIdxs } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';

export function handleSendSnapshot(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const idxs = nodeIdxs(d);
  const [from, to] = idxs;
  if (idxs.length !== 2 || from === undefined || to === undefined) {
    throw new DirectiveFatal(`${d.pos}: "${idxs.length}" should have 2 item(s)`);
  }
  sendSnapshot(env, from, to);
  // Upstream drops SendSnapshot's error on the floor, so this command never fails.
  return undefined;
}

export function sendSnapshot(env: InteractionEnv, fromIdx: number, toIdx: number): void {
  const from = env.node(fromIdx);
  const snap = from.storage.snapshot();
  const msg = newMessage({
    type: MessageType.MsgSnap,
    term: from.rawNode.basicStatus().term,
    from: BigInt(fromIdx + 1),
    to: BigInt(toIdx + 1),
    snapshot: snap,
  });
  env.messages.push(msg);
  env.output.write(describeMessage(msg));
}
