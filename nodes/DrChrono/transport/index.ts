export { CREDENTIAL_TYPE, connectionFromCredentials } from './connection';
export { describeFailure, drChronoErrorText, toNodeApiError } from './errors';
export { buildMultipart } from './multipart';
export { drChronoDelete, drChronoUpdate } from './mutations';
export type { UpdateOptions } from './mutations';
export { MAX_PAGE_SIZE, MAX_VERBOSE_PAGE_SIZE, drChronoListRequest, pageRows } from './pagination';
export type { ListOptions } from './pagination';
export { DEFAULT_QUOTA_POLICY, drChronoApiRequest, drChronoRequest } from './request';
export type * from './types';
