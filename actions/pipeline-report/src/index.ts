import { runAction } from '@shipyard/runtime';
import { pipelineReport } from './main';

void runAction(pipelineReport);
