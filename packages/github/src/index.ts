export * from './octokit';
export * from './pull-request';
export * from './sticky-comment';
export * from './deployments';
export * from './sarif';
export * from './issues';
export * from './publish';
export * from './find-sticky-comment';
