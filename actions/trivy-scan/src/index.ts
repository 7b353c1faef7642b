import { runAction } from '@shipyard/runtime';
import { trivyScan } from './main';

void runAction(trivyScan);
