/**
 * What a member's transport uses of the network between members. The interface lives in src/etcd
 * so the transport depends on its own layer only; the cluster's virtual Network implements it.
 */

/** Why send() did not put a message on the wire. */
export type SendOutcome = 'sent' | 'link-down' | 'lost' | 'unknown-destination';

export type DeliverFn<M> = (from: bigint, msg: M) => void;
/** Told when a link's up/down state or a node's attachment changes (transport peer status). */
export type LinkListener = (from: bigint, to: bigint, up: boolean) => void;
/** Told when a message that was on the wire is lost (its link went down or the receiver left). */
export type LostListener<M> = (from: bigint, to: bigint, msg: M) => void;

export interface PeerNetwork<M> {
  /** A member starts serving peer traffic: messages to it are delivered to `deliver`. */
  attach(id: bigint, deliver: DeliverFn<M>): void;
  /** A member stops (crash or shutdown): messages to it are dropped from now on. */
  detach(id: bigint): void;
  onLinkChange(listener: LinkListener): void;
  onLost(listener: LostListener<M>): void;
  /** Whether both directions are up (what a TCP connection needs). */
  isConnected(a: bigint, b: bigint): boolean;
  /** Puts a message on the wire from → to. */
  send(from: bigint, to: bigint, msg: M): SendOutcome;
  /** Messages on the wire from → to. */
  inFlight(from: bigint, to: bigint): number;
}
