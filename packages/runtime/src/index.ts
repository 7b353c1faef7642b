export * from './errors';
export * from './inputs';
export * from './logger';
export * from './runner-env';
export * from './action';
