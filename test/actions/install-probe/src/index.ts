import { runAction } from '@shipyard/runtime';
import { installProbe } from './main';

void runAction(installProbe);
