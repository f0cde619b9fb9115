export { DEFAULT_TIMEOUT_MS, DrChronoClient, EDITOR_LOOKUP, quotaGuardFor } from './client';
export type { ClientSettings } from './client';
export { CREDENTIAL_TYPE } from './connection';
export { drChronoDownload } from './download';
export { drChronoDelete, drChronoUpdate } from './mutations';
export { drChronoFirstPage, drChronoListRequest, pageRows } from './pagination';
export { drChronoApiRequest, drChronoRequest } from './request';
export type * from './types';
