/**
 * Short pseudo-Go listings of the functions the member model steps through, written for this
 * project (not upstream's source). A line that a goroutine can stand at ends with «label»: the
 * same label the model's yield carries, so the UI can highlight the line a goroutine is at. A
 * test keeps the labels used in yields and the labels in listings in sync.
 */

export interface ListingLine {
  readonly text: string;
  readonly label: string | undefined;
}

export interface Listing {
  /** The Go function, e.g. `raftNode.start`. */
  readonly name: string;
  /** Upstream file and function the listing summarises. */
  readonly source: string;
  readonly lines: readonly ListingLine[];
}

function listing(name: string, source: string, body: string): Listing {
  const lines = body
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n')
    .map((raw): ListingLine => {
      const m = /^(.*?)\s*«([^»]+)»\s*$/.exec(raw);
      return m === null ? { text: raw, label: undefined } : { text: m[1] ?? '', label: m[2] };
    });
  return { name, source, lines };
}

const raftNodeStart = listing(
  'raftNode.start',
  'server/etcdserver/raft.go: raftNode.start',
  `
go func() {
  islead := false
  for {
    select {                                                 «raftNode.start/select»
    case <-ticker.C: r.tick()
    case rd := <-r.Ready():
      if rd.SoftState != nil {                               «raftNode.start/soft-state»
        updateLead(rd.SoftState.Lead); islead = state == Leader
        updateLeadership(newLeader)        // leaderChanged.Notify()
      }
      if len(rd.ReadStates) != 0 {
        select { case readStateC <- last: | case <-after(1s): warn | case <-stopped: return }  «raftNode.start/read-state»
      }
      ap := toApply{rd.CommittedEntries, rd.Snapshot, notifyc, raftAdvancedC}
      updateCommittedIndex(&ap)
      select { case applyc <- ap: | case <-stopped: return }  «raftNode.start/apply»
      if islead { transport.Send(processMessages(rd.Messages)) }  «raftNode.start/leader-send»
      if !IsEmptySnap(rd.Snapshot) { storage.SaveSnap(rd.Snapshot) }  «raftNode.start/save-snap»
      storage.Save(rd.HardState, rd.Entries)   // fsync if MustSync  «raftNode.start/save-wal»
      if !IsEmptySnap(rd.Snapshot) {
        storage.Sync()                                       «raftNode.start/sync-snap»
        notifyc <- struct{}{}                                «raftNode.start/notify-snap»
        raftStorage.ApplySnapshot(rd.Snapshot); storage.Release(rd.Snapshot)
      }
      raftStorage.Append(rd.Entries)                         «raftNode.start/append»
      if !islead {
        msgs := processMessages(rd.Messages)
        notifyc <- struct{}{}                                «raftNode.start/notify»
        if confChanged {
          select { case notifyc <- struct{}{}: | case <-stopped: return }  «raftNode.start/wait-apply»
        }
        transport.Send(msgs)                                 «raftNode.start/follower-send»
      } else {
        notifyc <- struct{}{}                                «raftNode.start/leader-notify»
      }
      r.Advance()                                            «raftNode.start/advance»
      if confChanged { raftAdvancedC <- struct{}{} }
    case <-stopped:
      r.onStop()                                             «raftNode.start/on-stop»
      return
    }
  }
}()`,
);

const serverRun = listing(
  'EtcdServer.run',
  'server/etcdserver/server.go: EtcdServer.Start, start, run',
  `
func (s *EtcdServer) Start() {
  s.start()      // w, applyWait, stop, stopping, readwaitc, leaderChanged; go s.run()
  s.GoAttach(adjustTicks); s.GoAttach(publishV3); s.GoAttach(purgeFile) ...
}
func (s *EtcdServer) run() {
  sn := raftStorage.Snapshot(); sched := NewFIFOScheduler()
  s.r.start(rh)
  ep := etcdProgress{sn.Metadata...}
  for {
    select {                                                 «EtcdServer.run/select»
    case ap := <-s.r.apply(): sched.Schedule(func() { s.applyAll(&ep, &ap) })
    case err := <-s.errorc: warn("server error"); return
    case <-s.stop: return
    }
  }
  // deferred:
  close(s.stopping)                                          «EtcdServer.run/close-stopping»
  s.cancel(); sched.Stop()
  s.wg.Wait()                                                «EtcdServer.run/wg-wait»
  s.r.stop(); <-s.r.done                                     «EtcdServer.run/raft-done»
  close(s.done)                                              «EtcdServer.run/close-done»
}
func (s *EtcdServer) HardStop() {
  select { case s.stop <- struct{}{}: | case <-s.done: return }  «EtcdServer.HardStop»
  <-s.done                                                   «EtcdServer.HardStop/done»
}`,
);

const applyAll = listing(
  'EtcdServer.applyAll',
  'server/etcdserver/server.go: applyAll, applySnapshot, apply',
  `
func (s *EtcdServer) applyAll(ep *etcdProgress, apply *toApply) {
  s.applySnapshot(ep, apply)
    // if the snapshot is not empty:
    <-apply.notifyc       // the snapshot is on disk          «EtcdServer.applySnapshot/notifyc»
    restore mvcc, membership, peers; ep = snapshot metadata
  s.applyEntries(ep, apply)
    for _, e := range ents {
      // apply one entry (the simulator's apply time)        «EtcdServer.apply/entry»
      EntryNormal: s.applyEntryNormal(&e); w.Trigger(id, result)
      EntryConfChange: s.applyConfChange(cc); w.Trigger(cc.ID, resp)
      s.setAppliedIndex(e.Index); s.setTerm(e.Term)
    }
  s.applyWait.Trigger(ep.appliedi)
  <-apply.notifyc         // the Ready loop's disk writes are done  «EtcdServer.applyAll/notifyc»
  s.snapshotIfNeededAndCompactRaftLog(ep)
  select {
  case m := <-s.r.msgSnapC: s.sendMergedSnap(s.createMergedSnapshotMessage(m, ep...))  «EtcdServer.applyAll/msgSnapC»
  default:
  }
}
func (s *EtcdServer) sendMergedSnap(m) {
  s.inflightSnapshots++; s.r.transport.SendSnapshot(m)
  go func() { time.Sleep(releaseDelayAfterSnapshot); s.inflightSnapshots-- }()  «EtcdServer.sendMergedSnap/release-delay»
}
func (s *EtcdServer) stopWithDelay(d time.Duration, err error) {
  select { case <-time.After(d): | case <-s.done: }            «EtcdServer.stopWithDelay/select»
  select { case s.errorc <- err: default: }
}`,
);

const processInternal = listing(
  'EtcdServer.processInternalRaftRequestOnce',
  'server/etcdserver/v3_server.go: processInternalRaftRequestOnce',
  `
func (s *EtcdServer) processInternalRaftRequestOnce(ctx, r) (*apply.Result, error) {
  if ci > ai+maxGapBetweenApplyAndCommitIndex { return nil, ErrTooManyRequests }
  r.Header = &RequestHeader{ID: s.reqIDGen.Next()}
  data, _ := r.Marshal()
  if len(data) > int(s.Cfg.MaxRequestBytes) { return nil, ErrRequestTooLarge }
  ch := s.w.Register(id)
  cctx, cancel := context.WithTimeout(ctx, s.Cfg.ReqTimeout())
  if err := s.r.Propose(cctx, data); err != nil { s.w.Trigger(id, nil); return nil, err }
  select {                                                   «EtcdServer.processInternalRaftRequestOnce/select»
  case x := <-ch: return x.(*apply.Result), nil
  case <-cctx.Done(): s.w.Trigger(id, nil); return nil, s.parseProposeCtxErr(cctx.Err(), start)
  case <-s.done: return nil, ErrStopped
  }
}`,
);

const configure = listing(
  'EtcdServer.configure',
  'server/etcdserver/server.go: RemoveMember, configure',
  `
func (s *EtcdServer) configure(ctx, cc raftpb.ConfChange) ([]*Member, error) {
  cc.ID = s.reqIDGen.Next(); ch := s.w.Register(cc.ID)
  if err := s.r.ProposeConfChange(ctx, cc); err != nil { s.w.Trigger(cc.ID, nil); return nil, err }
  select {                                                   «EtcdServer.configure/select»
  case x := <-ch:
    resp := x.(*confChangeResponse)
    <-resp.raftAdvanceC                                      «EtcdServer.configure/raft-advance»
    info("applied a configuration change through raft"); return resp.membs, resp.err
  case <-ctx.Done(): s.w.Trigger(cc.ID, nil); return nil, s.parseProposeCtxErr(ctx.Err(), start)
  case <-s.stopping: return nil, ErrStopped
  }
}`,
);

const membership = listing(
  'EtcdServer.PromoteMember',
  'server/etcdserver/server.go: AddMember, PromoteMember, isLearnerReady, waitLeader, MoveLeader',
  `
func (s *EtcdServer) AddMember(ctx, m Member) ([]*Member, error) {
  if err := s.mayAddMember(m); err != nil { return nil, err }   // started quorum, connected quorum
  return s.configure(ctx, ConfChange{AddNode or AddLearnerNode, m.ID, json(m)})
}
func (s *EtcdServer) PromoteMember(ctx, id) ([]*Member, error) {
  // isLearnerReady: wait for the applied index, then the leader compares Match values
  select { case <-s.applyWait(committed): | case <-s.stopping: | case <-time.After(1s): }  «EtcdServer.waitAppliedIndex»
  if not leader: forward to the leader until ReqTimeout:
    for leader == nil { select { case <-time.After(election): | case <-s.stopping: | case <-ctx.Done(): } }  «EtcdServer.waitLeader»
    POST <leader peer URL>/members/promote/<id>
  return s.configure(ctx, ConfChange{AddNode, id, {id, isPromote: true}})
}
func (s *EtcdServer) MoveLeader(ctx, lead, transferee) error {
  if transferee is not a voter { return ErrBadLeaderTransferee }
  s.r.TransferLeadership(ctx, lead, transferee)
  for s.Lead() != transferee {
    select { case <-ctx.Done(): return ErrTimeoutLeaderTransfer | case <-time.After(tick): }  «EtcdServer.MoveLeader/poll»
  }
}`,
);

const startup = listing(
  'EtcdServer.adjustTicks',
  'server/etcdserver/server.go: adjustTicks, publishV3',
  `
func (s *EtcdServer) adjustTicks() {
  if len(members) == 1 { s.r.advanceTicks(ElectionTicks - 1); return }
  for i := 0; i < ConnReadTimeout/50ms; i++ {
    select { case <-time.After(50ms): | case <-s.stopping: return }  «EtcdServer.adjustTicks/select»
    if s.r.transport.ActivePeers() > 1 { s.r.advanceTicks(ElectionTicks - 2); return }
  }
}
func (s *EtcdServer) publishV3(timeout time.Duration) {
  for {
    ctx, cancel := context.WithTimeout(s.ctx, timeout)
    _, err := s.raftRequest(ctx, ClusterMemberAttrSet{...}); cancel()
    if err == nil {
      close(s.readych)                                       «EtcdServer.publishV3/close-readych»
      info("published local member to cluster through raft"); return
    }
    warn("failed to publish local member to cluster through raft")
  }
}`,
);

const reads = listing(
  'EtcdServer.linearizableReadLoop',
  'server/etcdserver/v3_server.go: linearizableReadNotify, linearizableReadLoop, requestCurrentIndex',
  `
func (s *EtcdServer) linearizableReadNotify(ctx) error {
  nc := s.readNotifier; select { case s.readwaitc <- struct{}{}: default: }
  select { case <-nc.c: return nc.err | case <-ctx.Done(): | case <-s.done: }  «EtcdServer.linearizableReadNotify/select»
}
func (s *EtcdServer) linearizableReadLoop() {
  for {
    leaderChangedNotifier := s.leaderChanged.Receive()
    select { case <-leaderChangedNotifier: continue | case <-s.readwaitc: | case <-s.stopping: return }  «EtcdServer.linearizableReadLoop/select»
    nr := s.readNotifier; s.readNotifier = newNotifier()
    confirmedIndex, err := s.requestCurrentIndex(leaderChangedNotifier)
    if err != nil { nr.notify(err); continue }
    if appliedIndex < confirmedIndex {
      select { case <-s.applyWait.Wait(confirmedIndex): | case <-s.stopping: return }  «EtcdServer.linearizableReadLoop/applyWait»
    }
    nr.notify(nil)
  }
}
func (s *EtcdServer) requestCurrentIndex(lc) (uint64, error) {
  s.sendReadIndex(requestID)
  for {
    select {                                                 «EtcdServer.requestCurrentIndex/select»
    case rs := <-s.r.readStateC: if rs is ours { return rs.Index, nil }
    case <-lc: return 0, ErrLeaderChanged
    case <-firstCommitInTermNotifier: resend
    case <-retryTimer.C: warn; resend
    case <-errorTimer.C: return 0, ErrTimeout
    case <-s.stopping: return 0, ErrStopped
    }
  }
}`,
);

const monitors = listing(
  'EtcdServer.monitors',
  'server/etcdserver/server.go: purgeFile, monitorClusterVersions, monitorStorageVersion, monitorDowngrade; metrics.go: monitorFileDescriptor',
  `
func (s *EtcdServer) purgeFile() {
  for { select { case <-time.After(30s): purge | case <-s.stopping: return } }  «EtcdServer.purgeFile/select»
}
func (s *EtcdServer) monitorFileDescriptor() {
  for { select { case <-time.After(10m): check fds | case <-s.stopping: return } }  «EtcdServer.monitorFileDescriptor/select»
}
func (s *EtcdServer) monitorClusterVersions() {
  for {
    select { case <-firstCommitInTerm: | case <-time.After(4s): | case <-s.stopping: return }  «EtcdServer.monitorClusterVersions/select»
    if s.Leader() == s.MemberID() { monitor.UpdateClusterVersionIfNeeded() }
  }
}
func (s *EtcdServer) monitorStorageVersion() {
  for {
    select { case <-time.After(4s): | case <-s.clusterVersionChanged.Receive(): | case <-s.stopping: return }  «EtcdServer.monitorStorageVersion/select»
    monitor.UpdateStorageVersionIfNeeded()
  }
}
func (s *EtcdServer) monitorDowngrade() {
  for { select { case <-time.After(5s): | case <-s.stopping: return }  «EtcdServer.monitorDowngrade/select»
        if s.isLeader() { monitor.CancelDowngradeIfNeeded() } }
}`,
);

const etcdMain = listing(
  'etcdmain.startEtcd',
  'server/etcdmain/etcd.go: startEtcd; server/embed/etcd.go: StartEtcd; server/embed/serve.go: serve',
  `
func startEtcd(cfg) {
  e, err := embed.StartEtcd(cfg)
    // e.Server = NewServer(srvcfg); e.Server.Start()          «embed.StartEtcd/start»
    // e.servePeers(); e.serveClients(); e.serveMetrics()
                                                             «etcdmain.startEtcd/return»
  select { case <-e.Server.ReadyNotify(): | case <-e.Server.StopNotify(): }  «etcdmain.startEtcd/select»
  notifySystemd()
}
func (sctx *serveCtx) serve(s *EtcdServer, ...) {
  select { case <-s.StoppingNotify(): return | case <-s.ReadyNotify(): }  «embed.serve/select»
  info("ready to serve client requests")
}`,
);

/** Every listing, in the order the UI offers them. */
export const listings: readonly Listing[] = [
  raftNodeStart,
  serverRun,
  applyAll,
  processInternal,
  configure,
  membership,
  startup,
  reads,
  monitors,
  etcdMain,
];

/** The listing and line index a label points at, if any. */
export function lineOfLabel(label: string): { readonly listing: Listing; readonly line: number } | undefined {
  for (const l of listings) {
    const i = l.lines.findIndex((x) => x.label === label);
    if (i >= 0) return { listing: l, line: i };
  }
  return undefined;
}

/** Every label that appears in a listing. */
export function listingLabels(): string[] {
  return listings.flatMap((l) => l.lines.flatMap((x) => (x.label === undefined ? [] : [x.label])));
}
