import { rollbackSuite } from './suite';

rollbackSuite(3);
