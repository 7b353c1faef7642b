import { runAction } from '@shipyard/runtime';
import { helmDeployVerify } from './main';
void runAction(helmDeployVerify);
