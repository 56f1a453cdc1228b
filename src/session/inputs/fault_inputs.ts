/**
 * The faults the classroom offers beyond crash/restart/isolate/heal — drop the next messages on
 * a link, a link's latency, a slow disk, a slow apply — as user inputs: plain data that goes into
 * the input log, the URL and the run file, and maps onto S1's `Fault` (src/cluster/faults.ts) when
 * the engine applies it, so step back, sharing and export replay them exactly.
 *
 * Times here are µs (the engine's unit); the panel asks for milliseconds.
 */
import type { Fault } from '../../cluster/faults';
import { messageTypeNames } from '../../cluster/scenario_action';

export type ExtraFaultInput =
  /** Drop the next `count` messages from `member` to `to`, of one raft type or (null) any. */
  | {
      readonly kind: 'drop';
      readonly member: number;
      readonly to: number;
      readonly count: number;
      readonly messageType: string | null;
    }
  /** Both directions of the link member ↔ to take exactly latencyUs. */
  | {
      readonly kind: 'link-latency';
      readonly member: number;
      readonly to: number;
      readonly latencyUs: number;
    }
  /** Every fsync of the member's WAL takes fsyncUs. */
  | { readonly kind: 'slow-disk'; readonly member: number; readonly fsyncUs: number }
  /** The member's apply takes applyUs per entry. */
  | { readonly kind: 'slow-apply'; readonly member: number; readonly applyUs: number };

export type ExtraFaultKind = ExtraFaultInput['kind'];

export const extraFaultKinds: readonly ExtraFaultKind[] = ['drop', 'link-latency', 'slow-disk', 'slow-apply'];

/** Bounds the panel, the URL and the run file all enforce. */
export const maxDropCount = 1000;
/** One minute of virtual time. */
export const maxFaultUs = 60_000_000;

export { messageTypeNames };

export function isExtraFaultKind(k: string): k is ExtraFaultKind {
  return (extraFaultKinds as readonly string[]).includes(k);
}

export function isExtraFault(i: { readonly kind: string }): i is ExtraFaultInput {
  return isExtraFaultKind(i.kind);
}

/** The engine's fault for an input. */
export function faultOfInput(i: ExtraFaultInput): Fault {
  switch (i.kind) {
    case 'drop':
      return {
        kind: 'drop-next',
        count: i.count,
        from: i.member,
        to: i.to,
        ...(i.messageType === null ? {} : { messageType: i.messageType }),
      };
    case 'link-latency':
      return {
        kind: 'link-latency',
        from: i.member,
        to: i.to,
        latency: { minUs: i.latencyUs, maxUs: i.latencyUs },
        symmetric: true,
      };
    case 'slow-disk':
      return { kind: 'slow-disk', member: i.member, fsync: { minUs: i.fsyncUs, maxUs: i.fsyncUs } };
    case 'slow-apply':
      return { kind: 'slow-apply', member: i.member, applyUsPerEntry: i.applyUs };
  }
}

// ---- URL codec: `step,atUs,<op>,member,…` with numbers in base 36 (see ../url.ts) --------------

/** URL op letter of each kind. */
export const extraFaultOps: Readonly<Record<string, ExtraFaultKind>> = {
  x: 'drop',
  l: 'link-latency',
  k: 'slow-disk',
  a: 'slow-apply',
};

const b36 = (n: number): string => n.toString(36);

/** The fields after `step,atUs` for the URL. */
export function encodeExtraFault(i: ExtraFaultInput): string {
  switch (i.kind) {
    case 'drop': {
      const head = ['x', b36(i.member), b36(i.to), b36(i.count)];
      return (i.messageType === null ? head : [...head, i.messageType]).join(',');
    }
    case 'link-latency':
      return ['l', b36(i.member), b36(i.to), b36(i.latencyUs)].join(',');
    case 'slow-disk':
      return ['k', b36(i.member), b36(i.fsyncUs)].join(',');
    case 'slow-apply':
      return ['a', b36(i.member), b36(i.applyUs)].join(',');
  }
}

/**
 * Reads the fields of an extra fault from a URL input (`f` is the whole split input: step, atUs,
 * op, member, …); null when anything is malformed or out of range.
 */
export function parseExtraFault(
  kind: ExtraFaultKind,
  member: number,
  f: readonly string[],
  num: (s: string | undefined, max: number) => number | null,
  maxMember: number,
): ExtraFaultInput | null {
  if (kind === 'drop') {
    const to = num(f[4], maxMember);
    const count = num(f[5], maxDropCount);
    const type = f[6];
    if (to === null || count === null || count < 1 || f.length > 7) return null;
    if (type !== undefined && !messageTypeNames.includes(type)) return null;
    return { kind, member, to, count, messageType: type ?? null };
  }
  if (kind === 'link-latency') {
    const to = num(f[4], maxMember);
    const latencyUs = num(f[5], maxFaultUs);
    if (to === null || latencyUs === null || f.length !== 6) return null;
    return { kind, member, to, latencyUs };
  }
  const us = num(f[4], maxFaultUs);
  if (us === null || f.length !== 5) return null;
  return kind === 'slow-disk' ? { kind, member, fsyncUs: us } : { kind, member, applyUs: us };
}
