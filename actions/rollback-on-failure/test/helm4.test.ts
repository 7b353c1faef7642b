import { rollbackSuite } from './suite';

rollbackSuite(4);
