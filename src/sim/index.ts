/** The deterministic kernel: see README.md in this folder. */
export { Chan } from './chan';
export { Kernel, defaultMaxSteps } from './kernel';
export type {
  ChanInfo,
  DeadlockInfo,
  GoroutineInfo,
  KernelOptions,
  PanicInfo,
  RunResult,
  StepOutcome,
} from './kernel';
export { G } from './goroutine';
export type { GoroutineStateName } from './goroutine';
export { close, go, recv, recvCase, recvOk, select, send, sendCase, sleep, step, wait } from './op';
export type { Op, Proc, RecvResult, SelectCase, SelectOptions, SelectResult } from './op';
export {
  GoPanic,
  fatalDeadlock,
  panicCloseOfClosed,
  panicCloseOfNil,
  panicNegativeWaitGroup,
  panicSendOnClosed,
} from './panic';
export { Rand, RandStream } from './rand';
export type { RandSource, Seed } from './rand';
export { Ticker, Timer, after } from './time';
export {
  Canceled,
  ContextError,
  DeadlineExceeded,
  background,
  todo,
  withCancel,
  withDeadline,
  withTimeout,
} from './context';
export type { CancelFunc, Context } from './context';
export { Notifier } from './notify';
export { WaitGroup } from './waitgroup';
export { Trace, TraceKind, formatTraceRecord, traceKindNames } from './trace';
export type { TraceRecord, TraceSink } from './trace';
export { Fnv64, fnv1a32 } from './fnv';
