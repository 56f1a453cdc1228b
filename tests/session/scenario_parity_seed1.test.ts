import { describeParity } from './scenario_parity';

describeParity(1);
