import { helmLifecycleSuite } from './helm-lifecycle';

helmLifecycleSuite(4);
