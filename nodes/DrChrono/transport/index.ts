export { cancelSignal } from './cancel';
export { CREDENTIAL_TYPE, connectionFromCredentials } from './connection';
export { drChronoDownload } from './download';
export { drChronoDelete, drChronoUpdate } from './mutations';
export { drChronoFirstPage, drChronoListRequest, pageRows } from './pagination';
export { drChronoApiRequest, drChronoRequest } from './request';
export type * from './types';
