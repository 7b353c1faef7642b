import { runAction } from '@shipyard/runtime';
import { k6Smoke } from './main';
void runAction(k6Smoke);
