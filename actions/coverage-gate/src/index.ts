import { runAction } from '@shipyard/runtime';
import { coverageGate } from './main';
void runAction(coverageGate);
