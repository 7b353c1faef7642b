export * from './exec';
export * from './releases';
export * from './installer';
export * from './runner-deps';
export * from './checksums';
export * from './cache';
export * from './install-pinned';
