export * from './errors';
export * from './services';
export * from './git';
export * from './change-range';
export * from './affected';
export * from './gate-results';
export * from './pipeline-report';
