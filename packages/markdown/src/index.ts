export * from './escape';
export * from './blocks';
export * from './mermaid';
export * from './budget';
