/** A benchmark workload: run() measures itself and returns flat numbers/strings for one JSON line. */
export interface Workload {
  readonly name: string;
  readonly description: string;
  run(): Record<string, number | string>;
}
