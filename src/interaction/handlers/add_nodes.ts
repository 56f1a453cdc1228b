/**
 * `add-nodes <n> [voters=(..)] [learners=(..)] [index=N] [inflight=N] [async-storage-writes=B]
 * [prevote=B] [checkquorum=B] [max-committed-size-per-ready=N] [disable-conf-change-validation=B]
 * [read-only=safe|lease-based] [step-down-on-removal=B]`
 * (interaction_env_handler_add_nodes.go: handleAddNodes, AddNodes).
 */
import { RaftPanic } from '../../raft/logger';
import { ReadOnlyOption } from '../../raft/read_only';
import { newRawNode } from '../../raft/rawnode';
import type { Config } from '../../raft/raft';
import { emptySnapshot, type Snapshot } from '../../raft/raftpb/types';
import { isStorageError } from '../../raft/storage';
import { goQuote } from '../../raft/quote';
import { DirectiveFatal, firstAsInt, scanBool, scanInt, scanUint64 } from '../args';
import type { CmdArg, Directive } from '../datadriven';
import { raftConfigStub, type ConfigStub } from '../config_stub';
import type { HandlerError, InteractionEnv } from '../interaction_env';
import { maxInteractionNodes } from '../limits';
import { HistoryStorage, type InteractionNode } from '../node';

export function handleAddNodes(env: InteractionEnv, d: Directive): HandlerError | undefined {
  const n = firstAsInt(d);
  if (!Number.isSafeInteger(n) || n < 0 || env.nodes.length + n > maxInteractionNodes) {
    return `add-nodes: at most ${maxInteractionNodes} nodes in all (have ${env.nodes.length}, asked for ${n})`;
  }
  const snap = emptySnapshot();
  const cfg = raftConfigStub();
  for (const arg of d.cmdArgs.slice(1)) {
    for (let i = 0; i < arg.vals.length; i++) {
      const err = applyArg(arg, i, cfg, snap);
      if (err !== undefined) {
        return err;
      }
    }
  }
  return addNodes(env, n, cfg, snap);
}

// One value of one add-nodes argument; unknown keys are ignored, as upstream does.
function applyArg(arg: CmdArg, i: number, cfg: ConfigStub, snap: Snapshot): HandlerError | undefined {
  const cs = snap.metadata.confState;
  switch (arg.key) {
    case 'voters':
      cs.voters.push(scanUint64(arg, i));
      break;
    case 'learners':
      cs.learners.push(scanUint64(arg, i));
      break;
    case 'inflight':
      cfg.maxInflightMsgs = scanInt(arg, i);
      break;
    case 'index':
      snap.metadata.index = Number(scanUint64(arg, i));
      cfg.applied = snap.metadata.index;
      break;
    case 'content':
      // datadriven v1.0.2 cannot scan into a []byte, so upstream fails the test here.
      throw new DirectiveFatal('unsupported type *[]uint8 for destination #1 (might be easy to add it)');
    case 'async-storage-writes':
      cfg.asyncStorageWrites = scanBool(arg, i);
      break;
    case 'prevote':
      cfg.preVote = scanBool(arg, i);
      break;
    case 'checkquorum':
      cfg.checkQuorum = scanBool(arg, i);
      break;
    case 'max-committed-size-per-ready':
      cfg.maxCommittedSizePerReady = Number(scanUint64(arg, i));
      break;
    case 'disable-conf-change-validation':
      cfg.disableConfChangeValidation = scanBool(arg, i);
      break;
    case 'read-only':
      return applyReadOnly(arg.vals[i] ?? '', cfg);
    case 'step-down-on-removal':
      cfg.stepDownOnRemoval = scanBool(arg, i);
      break;
  }
  return undefined;
}

function applyReadOnly(value: string, cfg: ConfigStub): HandlerError | undefined {
  switch (value) {
    case 'safe':
      cfg.readOnlyOption = ReadOnlyOption.ReadOnlySafe;
      return undefined;
    case 'lease-based':
      cfg.readOnlyOption = ReadOnlyOption.ReadOnlyLeaseBased;
      return undefined;
    default:
      return `invalid read-only option ${goQuote(value)}`;
  }
}

function isZeroSnapshot(s: Snapshot): boolean {
  const cs = s.metadata.confState;
  return (
    (s.data === undefined || s.data.length === 0) &&
    s.metadata.index === 0 &&
    s.metadata.term === 0 &&
    cs.voters.length === 0 &&
    cs.learners.length === 0 &&
    cs.votersOutgoing.length === 0 &&
    cs.learnersNext.length === 0 &&
    !cs.autoLeave
  );
}

function cloneSnapshot(s: Snapshot): Snapshot {
  const cs = s.metadata.confState;
  return {
    data: s.data === undefined ? undefined : s.data.slice(),
    metadata: {
      index: s.metadata.index,
      term: s.metadata.term,
      confState: {
        voters: [...cs.voters],
        learners: [...cs.learners],
        votersOutgoing: [...cs.votersOutgoing],
        learnersNext: [...cs.learnersNext],
        autoLeave: cs.autoLeave,
      },
    },
  };
}

/**
 * Creates n nodes with IDs continuing from the current count. A non-empty `snap` bootstraps
 * each node's storage from it (with term 1) and becomes history[0]; otherwise the nodes start
 * empty and learn everything from a leader.
 */
export function addNodes(
  env: InteractionEnv,
  n: number,
  stub: ConfigStub,
  snap: Snapshot,
): HandlerError | undefined {
  const bootstrap = !isZeroSnapshot(snap);
  for (let i = 0; i < n; i++) {
    const id = BigInt(env.nodes.length + 1);
    const history: Snapshot[] = [];
    const storage = new HistoryStorage(() => history[history.length - 1] ?? emptySnapshot());
    if (bootstrap) {
      const err = bootstrapStorage(storage, snap);
      if (err !== undefined) {
        return err;
      }
    }
    const config: Config = { ...stub, id, storage, logger: env.output };
    let rawNode;
    try {
      rawNode = newRawNode(config);
    } catch (e) {
      if (e instanceof RaftPanic || !(e instanceof Error)) {
        throw e;
      }
      return e.message;
    }
    history.push(cloneSnapshot(snap));
    const node: InteractionNode = { id, rawNode, storage, config, appendWork: [], applyWork: [], history };
    env.nodes.push(node);
  }
  return undefined;
}

function bootstrapStorage(storage: HistoryStorage, snap: Snapshot): HandlerError | undefined {
  if (snap.metadata.index <= 1) {
    return 'index must be specified as > 1 due to bootstrap';
  }
  snap.metadata.term = 1;
  try {
    storage.memory.applySnapshot(cloneSnapshot(snap));
  } catch (e) {
    if (isStorageError(e)) {
      return e.message;
    }
    throw e;
  }
  const fi = storage.firstIndex();
  const exp = snap.metadata.index + 1;
  return fi === exp ? undefined : `failed to establish first index ${exp}; got ${fi}`;
}
