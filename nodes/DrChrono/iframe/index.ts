export { verifyHs256Jwt } from './jwt';
export { MAX_CLOCK_DRIFT_SECONDS, checkIframeRequest } from './request';
export type { IframeCheckOptions } from './request';
export { DRCHRONO_FRAME_ANCESTOR, applyFramingHeaders, customServerOrigin, frameAncestors, withFrameAncestors } from './headers';
export { iframeTriggerProperties } from './properties';
export { IFRAME_CREDENTIAL, WEBHOOK_OF_KIND, receiveIframeRequest } from './receive';
export * as iframeLifecycle from './lifecycle';
