/**
 * A Go runtime panic raised by the kernel inside a goroutine (thrown into its generator at the
 * yield where it happened, so its try/finally blocks run like deferred calls). The texts are
 * Go's own.
 */
export class GoPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoPanic';
  }
}

export const panicSendOnClosed = 'send on closed channel';
export const panicCloseOfClosed = 'close of closed channel';
export const panicCloseOfNil = 'close of nil channel';
export const panicNegativeWaitGroup = 'sync: negative WaitGroup counter';
export const panicTickerInterval = 'non-positive interval for NewTicker';
export const panicTickerResetInterval = 'non-positive interval for Ticker.Reset';
/** Go's runtime message when every goroutine is blocked. */
export const fatalDeadlock = 'all goroutines are asleep - deadlock!';
