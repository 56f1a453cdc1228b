/**
 * `npm run fuzz -- --seeds N [--from S] [--profile default|crash-storm] [--fault-time 8s] [--quiet-time 4s] [--json]`
 *
 * Runs seeds S … S+N−1 (S defaults to 1), each a cluster with a random workload and a random
 * fault schedule (src/cluster/fuzz.ts; `--profile crash-storm`: a minute of crashes, power
 * losses, partitions and slow disks, then convergence checks), checked for invariant violations
 * during the run and for linearizability at its end. Prints one line per seed and, for every violation, the step, the
 * invariant, the message and the command that reproduces it (with every non-default option).
 * Exit 1 on any violation, 2 on bad usage. The command line itself is src/cli/fuzz_cli.ts.
 */
import { fuzzMain } from './fuzz_cli';

process.exitCode = fuzzMain(process.argv.slice(2), {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
});
