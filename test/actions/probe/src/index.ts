import { runAction } from '@shipyard/runtime';
import { probe } from './main';

void runAction(probe);
