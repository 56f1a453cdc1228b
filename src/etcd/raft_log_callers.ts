/**
 * Where each log line of the raft library v3.6.0 is emitted (file:line at tag v3.6.0), keyed by
 * its message format turned into an anchored pattern. etcd's NewRaftLoggerZap adds one caller
 * skip, so a raft line's zap `caller` is the raft call site, rendered as zap's short caller of
 * the module path: `v3@v3.6.0/raft.go:897` (spec §6, §9 item 2). The raft port hands the logger
 * finished strings, so the call site is recovered by matching the text.
 */
const table: readonly (readonly [RegExp, string])[] = [
  [
    /^newRaft .*? \[peers: \[.*?\], term: .*?, commit: .*?, applied: .*?, lastindex: .*?, lastterm: .*?\]$/s,
    'v3@v3.6.0/raft.go:493',
  ],
  [/^term should be set when sending .*?$/s, 'v3@v3.6.0/raft.go:530'],
  [/^term should not be set when sending .*? \(was .*?\)$/s, 'v3@v3.6.0/raft.go:534'],
  [/^message should not be self-addressed when sending .*?$/s, 'v3@v3.6.0/raft.go:594'],
  [/^ignore sending snapshot to .*? since it is not recently active$/s, 'v3@v3.6.0/raft.go:666'],
  [
    /^.*? failed to send snapshot to .*? because snapshot is temporarily unavailable$/s,
    'v3@v3.6.0/raft.go:673',
  ],
  [
    /^.*? \[firstindex: .*?, commit: .*?\] sent snapshot\[index: .*?, term: .*?\] to .*? \[.*?\]$/s,
    'v3@v3.6.0/raft.go:682',
  ],
  [/^.*? paused sending replication messages to .*? \[.*?\]$/s, 'v3@v3.6.0/raft.go:685'],
  [/^not initiating automatic transition out of joint configuration .*?: .*?$/s, 'v3@v3.6.0/raft.go:762'],
  [/^initiating automatic transition out of joint configuration .*?$/s, 'v3@v3.6.0/raft.go:764'],
  [/^error occurred during election: .*?$/s, 'v3@v3.6.0/raft.go:856'],
  [/^error occurred during checking sending heartbeat: .*?$/s, 'v3@v3.6.0/raft.go:870'],
  [/^error occurred during checking sending heartbeat: .*?$/s, 'v3@v3.6.0/raft.go:886'],
  [/^.*? became follower at term .*?$/s, 'v3@v3.6.0/raft.go:897'],
  [/^.*? became candidate at term .*?$/s, 'v3@v3.6.0/raft.go:912'],
  [/^.*? became pre-candidate at term .*?$/s, 'v3@v3.6.0/raft.go:930'],
  [/^empty entry was dropped$/s, 'v3@v3.6.0/raft.go:964'],
  [/^.*? became leader at term .*?$/s, 'v3@v3.6.0/raft.go:970'],
  [/^.*? ignoring MsgHup because already leader$/s, 'v3@v3.6.0/raft.go:975'],
  [/^.*? is unpromotable and can not campaign$/s, 'v3@v3.6.0/raft.go:980'],
  [
    /^.*? cannot campaign at term .*? since there are still pending configuration changes to apply$/s,
    'v3@v3.6.0/raft.go:984',
  ],
  [/^.*? is starting a new election at term .*?$/s, 'v3@v3.6.0/raft.go:988'],
  [/^error scanning unapplied entries \[.*?, .*?\): .*?$/s, 'v3@v3.6.0/raft.go:1018'],
  [/^.*? is unpromotable; campaign\(\) should have been called$/s, 'v3@v3.6.0/raft.go:1029'],
  [/^.*? \[logterm: .*?, index: .*?\] sent .*? request to .*? at term .*?$/s, 'v3@v3.6.0/raft.go:1064'],
  [/^.*? received .*? from .*? at term .*?$/s, 'v3@v3.6.0/raft.go:1077'],
  [/^.*? received .*? rejection from .*? at term .*?$/s, 'v3@v3.6.0/raft.go:1079'],
  [
    /^.*? \[logterm: .*?, index: .*?, vote: .*?\] ignored .*? from .*? \[logterm: .*?, index: .*?\] at term .*?: lease is not expired \(remaining ticks: .*?\)$/s,
    'v3@v3.6.0/raft.go:1101',
  ],
  [
    /^.*? \[term: .*?\] received a .*? message with higher term from .*? \[term: .*?\]$/s,
    'v3@v3.6.0/raft.go:1116',
  ],
  [
    /^.*? \[logterm: .*?, index: .*?, vote: .*?\] rejected .*? from .*? \[logterm: .*?, index: .*?\] at term .*?$/s,
    'v3@v3.6.0/raft.go:1155',
  ],
  [
    /^.*? \[term: .*?\] ignored entry appends from a .*? message with lower term \[term: .*?\]$/s,
    'v3@v3.6.0/raft.go:1164',
  ],
  [
    /^.*? \[term: .*?\] ignored a .*? message with lower term from .*? \[term: .*?\]$/s,
    'v3@v3.6.0/raft.go:1175',
  ],
  [
    /^.*? \[logterm: .*?, index: .*?, vote: .*?\] cast .*? for .*? \[logterm: .*?, index: .*?\] at term .*?$/s,
    'v3@v3.6.0/raft.go:1233',
  ],
  [
    /^.*? \[logterm: .*?, index: .*?, vote: .*?\] rejected .*? from .*? \[logterm: .*?, index: .*?\] at term .*?$/s,
    'v3@v3.6.0/raft.go:1251',
  ],
  [/^.*? stepped down to follower since quorum is not active$/s, 'v3@v3.6.0/raft.go:1275'],
  [/^.*? stepped empty MsgProp$/s, 'v3@v3.6.0/raft.go:1288'],
  [
    /^.*? \[term .*?\] transfer leadership to .*? is in progress; dropping proposal$/s,
    'v3@v3.6.0/raft.go:1297',
  ],
  [/^.*? ignoring conf change .*? at config .*?: .*?$/s, 'v3@v3.6.0/raft.go:1332'],
  [/^.*? no progress available for .*?$/s, 'v3@v3.6.0/raft.go:1372'],
  [
    /^.*? received MsgAppResp\(rejected, hint: \(index .*?, term .*?\)\) from .*? for index .*?$/s,
    'v3@v3.6.0/raft.go:1403',
  ],
  [/^.*? decreased progress of .*? to \[.*?\]$/s, 'v3@v3.6.0/raft.go:1504'],
  [
    /^.*? recovered from needing snapshot, resumed sending replication messages to .*? \[.*?\]$/s,
    'v3@v3.6.0/raft.go:1530',
  ],
  [/^.*? sent MsgTimeoutNow to .*? after received MsgAppResp$/s, 'v3@v3.6.0/raft.go:1566'],
  [
    /^.*? snapshot succeeded, resumed sending replication messages to .*? \[.*?\]$/s,
    'v3@v3.6.0/raft.go:1612',
  ],
  [/^.*? snapshot failed, resumed sending replication messages to .*? \[.*?\]$/s, 'v3@v3.6.0/raft.go:1618'],
  [/^.*? failed to send message to .*? because it is unreachable \[.*?\]$/s, 'v3@v3.6.0/raft.go:1630'],
  [/^.*? is learner\. Ignored transferring leadership$/s, 'v3@v3.6.0/raft.go:1633'],
  [
    /^.*? \[term .*?\] transfer leadership to .*? is in progress, ignores request to same node .*?$/s,
    'v3@v3.6.0/raft.go:1640',
  ],
  [/^.*? \[term .*?\] abort previous transferring leadership to .*?$/s, 'v3@v3.6.0/raft.go:1645'],
  [/^.*? is already leader\. Ignored transferring leadership to self$/s, 'v3@v3.6.0/raft.go:1648'],
  [/^.*? \[term .*?\] starts to transfer leadership to .*?$/s, 'v3@v3.6.0/raft.go:1652'],
  [
    /^.*? sends MsgTimeoutNow to .*? immediately as .*? already has up-to-date log$/s,
    'v3@v3.6.0/raft.go:1658',
  ],
  [/^.*? no leader at term .*?; dropping proposal$/s, 'v3@v3.6.0/raft.go:1680'],
  [/^.*? has received .*? .*? votes and .*? vote rejections$/s, 'v3@v3.6.0/raft.go:1693'],
  [/^.*? \[term .*? state .*?\] ignored MsgTimeoutNow from .*?$/s, 'v3@v3.6.0/raft.go:1708'],
  [/^.*? no leader at term .*?; dropping proposal$/s, 'v3@v3.6.0/raft.go:1717'],
  [/^.*? not forwarding to leader .*? at term .*?; dropping proposal$/s, 'v3@v3.6.0/raft.go:1720'],
  [/^.*? no leader at term .*?; dropping leader transfer msg$/s, 'v3@v3.6.0/raft.go:1739'],
  [/^ignoring MsgForgetLeader due to ReadOnlyLeaseBased$/s, 'v3@v3.6.0/raft.go:1746'],
  [/^.*? forgetting leader .*? at term .*?$/s, 'v3@v3.6.0/raft.go:1750'],
  [
    /^.*? \[term .*?\] received MsgTimeoutNow from .*? and starts an election to get leadership\.$/s,
    'v3@v3.6.0/raft.go:1754',
  ],
  [/^.*? no leader at term .*?; dropping index reading msg$/s, 'v3@v3.6.0/raft.go:1761'],
  [/^.*? invalid format of MsgReadIndexResp from .*?, entries count: .*?$/s, 'v3@v3.6.0/raft.go:1768'],
  [
    /^.*? \[logterm: .*?, index: .*?\] rejected MsgApp \[logterm: .*?, index: .*?\] from .*?$/s,
    'v3@v3.6.0/raft.go:1799',
  ],
  [/^.*? \[commit: .*?\] restored snapshot \[index: .*?, term: .*?\]$/s, 'v3@v3.6.0/raft.go:1844'],
  [/^.*? \[commit: .*?\] ignored snapshot \[index: .*?, term: .*?\]$/s, 'v3@v3.6.0/raft.go:1848'],
  [/^.*? attempted to restore snapshot as leader; should never happen$/s, 'v3@v3.6.0/raft.go:1869'],
  [
    /^.*? \[commit: .*?, lastindex: .*?, lastterm: .*?\] fast-forwarded commit to snapshot \[index: .*?, term: .*?\]$/s,
    'v3@v3.6.0/raft.go:1911',
  ],
  [
    /^.*? \[commit: .*?, lastindex: .*?, lastterm: .*?\] restored snapshot \[index: .*?, term: .*?\]$/s,
    'v3@v3.6.0/raft.go:1935',
  ],
  [/^.*? switched to configuration .*?$/s, 'v3@v3.6.0/raft.go:1981'],
  [/^.*? state\.commit .*? is out of range \[.*?, .*?\]$/s, 'v3@v3.6.0/raft.go:2035'],
  [
    /^pending MsgReadIndex should be released only after first commit in current term$/s,
    'v3@v3.6.0/raft.go:2130',
  ],
  [/^raft\.node: .*? elected leader .*? at term .*?$/s, 'v3@v3.6.0/node.go:370'],
  [/^raft\.node: .*? changed leader from .*? to .*? at term .*?$/s, 'v3@v3.6.0/node.go:372'],
  [/^raft\.node: .*? lost leader .*? at term .*?$/s, 'v3@v3.6.0/node.go:376'],
  [/^.*? A tick missed to fire\. Node blocks too long!$/s, 'v3@v3.6.0/node.go:463'],
  [/^two accepted Ready structs without call to Advance$/s, 'v3@v3.6.0/rawnode.go:417'],
  [/^Advance must not be called when using AsyncStorageWrites$/s, 'v3@v3.6.0/rawnode.go:487'],
  [/^entry .*? conflict with committed entry \[committed\(.*?\)\]$/s, 'v3@v3.6.0/log.go:119'],
  [/^index, .*?, is out of range \[.*?\]$/s, 'v3@v3.6.0/log.go:123'],
  [/^after\(.*?\) is out of range \[committed\(.*?\)\]$/s, 'v3@v3.6.0/log.go:136'],
  [/^found conflict at index .*? \[existing term: .*?, conflicting term: .*?\]$/s, 'v3@v3.6.0/log.go:158'],
  [/^applying entry size \(.*?-.*?\)=.*? not positive$/s, 'v3@v3.6.0/log.go:234'],
  [/^unexpected error when getting unapplied entries \(.*?\)$/s, 'v3@v3.6.0/log.go:239'],
  [
    /^tocommit\(.*?\) is out of range \[lastIndex\(.*?\)\]\. Was the raft log corrupted, truncated, or lost\?$/s,
    'v3@v3.6.0/log.go:324',
  ],
  [/^applied\(.*?\) is out of range \[prevApplied\(.*?\), committed\(.*?\)\]$/s, 'v3@v3.6.0/log.go:332'],
  [/^applying\(.*?\) is out of range \[prevApplying\(.*?\), committed\(.*?\)\]$/s, 'v3@v3.6.0/log.go:347'],
  [/^unexpected error when getting the last term at .*?: .*?$/s, 'v3@v3.6.0/log.go:380'],
  [/^log \[.*?\] starts to restore snapshot \[index: .*?, term: .*?\]$/s, 'v3@v3.6.0/log.go:465'],
  [/^entries\[.*?:.*?\) is unavailable from storage$/s, 'v3@v3.6.0/log.go:516'],
  [/^invalid slice .*? > .*?$/s, 'v3@v3.6.0/log.go:551'],
  [/^slice\[.*?,.*?\) out of bound \[.*?,.*?\]$/s, 'v3@v3.6.0/log.go:560'],
  [/^unexpected error \(.*?\)$/s, 'v3@v3.6.0/log.go:572'],
  [/^entry at index .*? missing from unstable log; ignoring$/s, 'v3@v3.6.0/log_unstable.go:138'],
  [/^entry at index .*? matched unstable snapshot; ignoring$/s, 'v3@v3.6.0/log_unstable.go:143'],
  [/^entry at \(index,term\)=\(.*?,.*?\) mismatched with $/s, 'v3@v3.6.0/log_unstable.go:151'],
  [/^replace the unstable entries from index .*?$/s, 'v3@v3.6.0/log_unstable.go:203'],
  [/^truncate the unstable entries before index .*?$/s, 'v3@v3.6.0/log_unstable.go:211'],
  [/^invalid unstable\.slice .*? > .*?$/s, 'v3@v3.6.0/log_unstable.go:239'],
  [/^unstable\.slice\[.*?,.*?\) out of bound \[.*?,.*?\]$/s, 'v3@v3.6.0/log_unstable.go:243'],
  [
    /^.*? appending new entries to log would exceed uncommitted entry size limit; dropping proposal$/s,
    'v3@v3.6.0/raft.go:823',
  ],
  [
    /^.*? attempted to restore snapshot but it is not in the ConfState .*?; should never happen$/s,
    'v3@v3.6.0/raft.go:1898',
  ],
];

/** The zap caller of a raft log line, or `v3@v3.6.0/raft.go` when no pattern matches. */
export function raftCallerOf(message: string): string {
  for (const [re, caller] of table) if (re.test(message)) return caller;
  return 'v3@v3.6.0/raft.go';
}
