import { fuzzSeedRange } from './fuzz_seeds';

fuzzSeedRange(101, 100);
