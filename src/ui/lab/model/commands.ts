/**
 * The catalogue of harness commands as the Raft lab offers them: what each takes, so that the
 * palette can draw a form and the command line can check typed text before the harness sees it.
 * The harness itself (src/interaction/handlers) stays the authority on what a command does; this
 * file only describes the arguments (spec/raft-v3.6.0.md §2.6).
 */
import { commandNames } from '../../../interaction/handlers';

/** How the command's positional arguments are read. */
export type PositionalKind =
  | { readonly kind: 'none' }
  /** exactly one node ID (1-based), e.g. `campaign 1` */
  | { readonly kind: 'node' }
  /** a node ID then a raw token, e.g. `propose 1 foo`, `compact 1 10` */
  | { readonly kind: 'node-then'; readonly what: 'data' | 'index' }
  /** one or more node IDs, e.g. `process-ready 1 2` */
  | { readonly kind: 'nodes'; readonly min: number }
  /** exactly two node IDs, e.g. `send-snapshot 1 2` */
  | { readonly kind: 'node-pair' }
  /** a count of new nodes, e.g. `add-nodes 3` */
  | { readonly kind: 'count' }
  /** a log level name, e.g. `log-level info` */
  | { readonly kind: 'level' }
  /** recipient IDs (zero or more), for deliver-msgs */
  | { readonly kind: 'recipients' };

/** The value a `key=value` argument takes. */
export type OptionKind = 'bool' | 'uint' | 'int' | 'node' | 'node-list' | 'level' | 'msg-type' | 'enum';

export interface OptionSpec {
  readonly key: string;
  readonly kind: OptionKind;
  /** For kind 'enum': the accepted values. */
  readonly values?: readonly string[];
  readonly required?: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly positional: PositionalKind;
  readonly options: readonly OptionSpec[];
  /** propose-conf-change reads its changes from the input block under the directive. */
  readonly input?: 'conf-changes';
}

export const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'NONE'] as const;

/** MessageType names a `type=` filter accepts (spec §3.1). */
export const messageTypeNames = [
  'MsgHup',
  'MsgBeat',
  'MsgProp',
  'MsgApp',
  'MsgAppResp',
  'MsgVote',
  'MsgVoteResp',
  'MsgSnap',
  'MsgHeartbeat',
  'MsgHeartbeatResp',
  'MsgUnreachable',
  'MsgSnapStatus',
  'MsgCheckQuorum',
  'MsgTransferLeader',
  'MsgTimeoutNow',
  'MsgReadIndex',
  'MsgReadIndexResp',
  'MsgPreVote',
  'MsgPreVoteResp',
  'MsgStorageAppend',
  'MsgStorageAppendResp',
  'MsgStorageApply',
  'MsgStorageApplyResp',
  'MsgForgetLeader',
] as const;

const node = { kind: 'node' } as const;
const nodes = { kind: 'nodes', min: 1 } as const;

const addNodesOptions: readonly OptionSpec[] = [
  { key: 'voters', kind: 'node-list' },
  { key: 'learners', kind: 'node-list' },
  { key: 'index', kind: 'uint' },
  { key: 'inflight', kind: 'int' },
  { key: 'async-storage-writes', kind: 'bool' },
  { key: 'prevote', kind: 'bool' },
  { key: 'checkquorum', kind: 'bool' },
  { key: 'max-committed-size-per-ready', kind: 'uint' },
  { key: 'disable-conf-change-validation', kind: 'bool' },
  { key: 'read-only', kind: 'enum', values: ['safe', 'lease-based'] },
  { key: 'step-down-on-removal', kind: 'bool' },
];

/** Every harness command, in the order the palette shows them (a teaching order, not A–Z). */
export const commandSpecs: readonly CommandSpec[] = [
  { name: 'add-nodes', positional: { kind: 'count' }, options: addNodesOptions },
  { name: 'campaign', positional: node, options: [] },
  { name: 'propose', positional: { kind: 'node-then', what: 'data' }, options: [] },
  { name: 'process-ready', positional: nodes, options: [] },
  {
    name: 'deliver-msgs',
    positional: { kind: 'recipients' },
    options: [
      { key: 'drop', kind: 'node-list' },
      { key: 'type', kind: 'msg-type' },
    ],
  },
  {
    name: 'stabilize',
    positional: { kind: 'nodes', min: 0 },
    options: [{ key: 'log-level', kind: 'level' }],
  },
  { name: 'tick-election', positional: node, options: [] },
  { name: 'tick-heartbeat', positional: node, options: [] },
  {
    name: 'set-randomized-election-timeout',
    positional: node,
    options: [{ key: 'timeout', kind: 'int', required: true }],
  },
  { name: 'raft-state', positional: { kind: 'none' }, options: [] },
  { name: 'raft-log', positional: node, options: [] },
  { name: 'status', positional: node, options: [] },
  {
    name: 'transfer-leadership',
    positional: { kind: 'none' },
    options: [
      { key: 'from', kind: 'node', required: true },
      { key: 'to', kind: 'node', required: true },
    ],
  },
  { name: 'forget-leader', positional: node, options: [] },
  {
    name: 'propose-conf-change',
    positional: node,
    options: [
      { key: 'v1', kind: 'bool' },
      { key: 'transition', kind: 'enum', values: ['auto', 'implicit', 'explicit'] },
    ],
    input: 'conf-changes',
  },
  { name: 'compact', positional: { kind: 'node-then', what: 'index' }, options: [] },
  { name: 'send-snapshot', positional: { kind: 'node-pair' }, options: [] },
  { name: 'report-unreachable', positional: { kind: 'node-pair' }, options: [] },
  { name: 'process-append-thread', positional: nodes, options: [] },
  { name: 'process-apply-thread', positional: nodes, options: [] },
  { name: 'log-level', positional: { kind: 'level' }, options: [] },
  { name: '_breakpoint', positional: { kind: 'none' }, options: [] },
];

const byName = new Map(commandSpecs.map((c) => [c.name, c]));

export function commandSpec(name: string): CommandSpec | undefined {
  return byName.get(name);
}

/** Harness commands the catalogue forgot: a test keeps this empty. */
export function uncataloguedCommands(): string[] {
  return commandNames.filter((n) => !byName.has(n));
}
