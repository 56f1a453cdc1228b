/**
 * The small languages inside a scenario: `when` predicates that arm a timeline action
 * ("leader-elected", "commit >= 20", "applied(infra2) < 5") and the comparisons of an `expect`
 * block (">=1", "==0", or a bare number meaning equality). Each has a parser that returns a
 * message on bad input and a printer that gives the canonical text back.
 *
 * Meaning, for the runner: a metric without a member is over the live members (the maximum for
 * commit, applied, term, gap and lastIndex); `client-ok`, `client-errors` and `step` count from
 * the start of the run, `leader-changes` counts leaders elected after the first one;
 * `leader-changed` holds once the leader differs from the one when the entry was armed (and there
 * is a leader); `leader` as a member means the current leader.
 */

export type CompareOp = '>=' | '>' | '==' | '!=' | '<=' | '<';

export interface Comparison {
  readonly op: CompareOp;
  readonly value: number;
}

export const predicateMetrics = [
  'commit',
  'applied',
  'term',
  'gap',
  'lastIndex',
  'leader-changes',
  'client-ok',
  'client-errors',
  'step',
] as const;
export type PredicateMetric = (typeof predicateMetrics)[number];

/** Metrics that can be asked of one member: `commit(infra2) >= 5`. */
const perMemberMetrics: ReadonlySet<string> = new Set(['commit', 'applied', 'term', 'gap', 'lastIndex']);

export const namedPredicates = ['leader-elected', 'leader-changed', 'no-leader'] as const;
export type NamedPredicate = (typeof namedPredicates)[number];

export type Predicate =
  | { readonly kind: NamedPredicate }
  | {
      readonly kind: 'compare';
      readonly metric: PredicateMetric;
      readonly member?: string;
      readonly op: CompareOp;
      readonly value: number;
    };

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const comparisonPattern = /^\s*(>=|<=|==|!=|>|<|=)?\s*(-?\d+)\s*$/;
const predicatePattern = /^\s*([a-zA-Z-]+)\s*(?:\(\s*([^)\s]+)\s*\))?\s*(>=|<=|==|!=|>|<|=)\s*(-?\d+)\s*$/;

/** ">=1", ">= 1", "==0", "0" (equality). */
export function parseComparison(input: string | number): Parsed<Comparison> {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input)
      ? { ok: true, value: { op: '==', value: input } }
      : bad(`${input} is not an integer`);
  }
  const m = comparisonPattern.exec(input);
  if (m === null)
    return bad(`invalid comparison ${JSON.stringify(input)} (expected e.g. ">=1", "==0", "<3")`);
  return { ok: true, value: { op: normalizeOp(m[1] ?? '=='), value: Number(m[2]) } };
}

export function formatComparison(c: Comparison): string {
  return `${c.op}${c.value}`;
}

export function holds(c: Comparison, actual: number): boolean {
  switch (c.op) {
    case '>=':
      return actual >= c.value;
    case '>':
      return actual > c.value;
    case '==':
      return actual === c.value;
    case '!=':
      return actual !== c.value;
    case '<=':
      return actual <= c.value;
    case '<':
      return actual < c.value;
  }
}

/** Parses a `when` text; member names are checked by the caller (it knows the members). */
export function parsePredicate(input: string): Parsed<Predicate> {
  const name = input.trim();
  if ((namedPredicates as readonly string[]).includes(name))
    return { ok: true, value: { kind: name as NamedPredicate } };
  const m = predicatePattern.exec(input);
  const expected = `expected one of ${namedPredicates.join(', ')}, or "<metric> <op> <n>" with metric one of ${predicateMetrics.join(', ')}`;
  if (m === null) return bad(`invalid predicate ${JSON.stringify(input)} (${expected})`);
  const metric = m[1] as string;
  if (!(predicateMetrics as readonly string[]).includes(metric)) {
    return bad(`unknown metric "${metric}" in ${JSON.stringify(input)} (${expected})`);
  }
  const member = m[2];
  if (member !== undefined && !perMemberMetrics.has(metric)) {
    return bad(`metric "${metric}" is cluster-wide and takes no member (in ${JSON.stringify(input)})`);
  }
  const p: Predicate = {
    kind: 'compare',
    metric: metric as PredicateMetric,
    op: normalizeOp(m[3] as string),
    value: Number(m[4]),
    ...(member === undefined ? {} : { member }),
  };
  return { ok: true, value: p };
}

export function formatPredicate(p: Predicate): string {
  if (p.kind !== 'compare') return p.kind;
  return `${p.metric}${p.member === undefined ? '' : `(${p.member})`} ${p.op} ${p.value}`;
}

function normalizeOp(op: string): CompareOp {
  return op === '=' ? '==' : (op as CompareOp);
}

function bad<T>(message: string): Parsed<T> {
  return { ok: false, message };
}
