import { fuzzSeedRange } from './fuzz_seeds';

fuzzSeedRange(1, 100);
