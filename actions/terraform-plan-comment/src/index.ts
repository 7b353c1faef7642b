import { runAction } from '@shipyard/runtime';
import { terraformPlanComment } from './main';
void runAction(terraformPlanComment);
