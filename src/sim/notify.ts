import type { Chan } from './chan';
import type { Kernel } from './kernel';

/**
 * etcd's pkg/notify.Notifier: a broadcast by closing a channel. receive() hands out the
 * current channel; notify() closes it (waking every goroutine waiting on it) and installs a
 * fresh one for the next round.
 */
export class Notifier {
  private ch: Chan<undefined>;

  constructor(
    private readonly kernel: Kernel,
    readonly name: string,
  ) {
    this.ch = kernel.chan<undefined>(name, 0);
  }

  /** `Receive()`: the channel the next notify() closes. */
  receive(): Chan<undefined> {
    return this.ch;
  }

  /** `Notify()` */
  notify(): void {
    const old = this.ch;
    this.ch = this.kernel.chan<undefined>(this.name, 0);
    this.kernel.close(old);
  }
}
