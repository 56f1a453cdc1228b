/**
 * `deliver-msgs [<id> ...] [drop=(ids)] [type=<MsgType>]`: hands queued messages to their
 * recipients (or drops them), recipient by recipient in argument order
 * (interaction_env_handler_deliver_msgs.go).
 */
import { MessageType, type Message, type NodeID } from '../../raft/raftpb/types';
import { describeMessage, isLocalMsgTarget } from '../../raft/util';
import { DirectiveFatal, orFatal, parseUint64, scanUint64 } from '../args';
import type { Directive } from '../datadriven';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { errorText } from './result';

/** Whose messages to take from the queue, and whether to deliver or drop them. */
export interface Recipient {
  readonly id: NodeID;
  readonly drop: boolean;
}

export function handleDeliverMsgs(env: InteractionEnv, d: Directive): HandlerError | undefined {
  let type: MessageType | undefined;
  const rs: Recipient[] = [];
  for (const arg of d.cmdArgs) {
    if (arg.vals.length === 0) {
      rs.push({ id: orFatal(parseUint64(arg.key)), drop: false });
    }
    for (let i = 0; i < arg.vals.length; i++) {
      if (arg.key === 'drop') {
        const id = scanUint64(arg, i);
        if (rs.some((r) => r.id === id)) {
          throw new DirectiveFatal(`can't both deliver and drop msgs to ${id}`);
        }
        rs.push({ id, drop: true });
      } else if (arg.key === 'type') {
        type = messageTypeByName(arg.vals[i] ?? '');
      }
    }
  }
  if (deliverMsgs(env, type, rs) === 0) {
    env.output.write('no messages\n');
  }
  return undefined;
}

function messageTypeByName(name: string): MessageType {
  const value: unknown = (MessageType as Record<string, unknown>)[name];
  if (typeof value !== 'number') {
    throw new DirectiveFatal(`unknown message type ${name}`);
  }
  return value as MessageType;
}

/** A message between a node and itself or one of its local storage threads is never dropped. */
function isLocalMsg(m: Message): boolean {
  return m.from === m.to || isLocalMsgTarget(m.from) || isLocalMsgTarget(m.to);
}

/**
 * Removes from `msgs`, in order, the messages to `to` (of `type`, if given; never local ones
 * when dropping); returns them and what remains, both in queue order.
 */
export function splitMsgs(
  msgs: readonly Message[],
  to: NodeID,
  type: MessageType | undefined,
  drop: boolean,
): { toMsgs: Message[]; rest: Message[] } {
  const toMsgs: Message[] = [];
  const rest: Message[] = [];
  for (const m of msgs) {
    if (m.to === to && !(drop && isLocalMsg(m)) && (type === undefined || m.type === type)) {
      toMsgs.push(m);
    } else {
      rest.push(m);
    }
  }
  return { toMsgs, rest };
}

/** Delivers or drops the recipients' messages; returns how many were handled. */
export function deliverMsgs(
  env: InteractionEnv,
  type: MessageType | undefined,
  rs: readonly Recipient[],
): number {
  let n = 0;
  for (const r of rs) {
    const { toMsgs, rest } = splitMsgs(env.messages, r.id, type, r.drop);
    env.messages = rest;
    n += toMsgs.length;
    for (const m of toMsgs) {
      if (r.drop) {
        env.output.write(`dropped: ${describeMessage(m)}\n`);
        continue;
      }
      env.output.write(`${describeMessage(m)}\n`);
      const err = errorText(env.node(Number(m.to) - 1).rawNode.step(m));
      if (err !== undefined) {
        env.output.write(`${err}\n`);
      }
    }
  }
  return n;
}
