import { runAction } from '@shipyard/runtime';
import { affectedServices } from './main';

void runAction(affectedServices);
