/**
 * Limits on what a user can ask of a run, shared by the link, the run file, the scenario file and
 * the CLI, so that anything the app writes it can read back: a seed the link accepts is one the
 * run file and `npm run sim` accept too, and a run as long as a class goes fits the cursor.
 */

/** The largest seed: a run's link, file and CLI all carry it as a plain integer. */
export const maxSeed = 2 ** 31 - 1;

/**
 * The largest step a run can be sought to (the link's cursor, the run file's, `--steps`): a
 * 7-member cluster runs about 20,000 kernel steps per simulated second, so a 3,600 s class fits.
 */
export const maxRunSteps = 250_000_000;
