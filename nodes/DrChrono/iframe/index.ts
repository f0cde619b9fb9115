export {
	ACCEPTED_ALGORITHM,
	MAX_TOKEN_LENGTH,
	base64UrlEncode,
	hs256Signature,
	verifyHs256Jwt,
} from './jwt';
export type { JwtCheckOptions, JwtFailure, JwtResult } from './jwt';
export {
	DEFAULT_CLOCK_DRIFT_SECONDS,
	IFRAME_KINDS,
	MAX_CLOCK_DRIFT_SECONDS,
	effectiveClockDrift,
	KIND_LABELS,
	SIGNED_PARAMETERS,
	checkIframeRequest,
} from './request';
export type { IframeCheck, IframeCheckOptions, IframeContext, IframeFailure, IframeKind } from './request';
export {
	DRCHRONO_FRAME_ANCESTOR,
	applyFramingHeaders,
	customServerOrigin,
	frameAncestors,
	frameAncestorsDirective,
	withFrameAncestors,
} from './headers';
export type { FrameAncestors, FramingCredential, HeaderTarget } from './headers';
export { FORBIDDEN_MESSAGE, FORBIDDEN_TITLE, answerWithPage, plainPage } from './page';
export { iframeTriggerProperties } from './properties';
export type { IframeTriggerOptions } from './properties';
export { IFRAME_CREDENTIAL, WEBHOOK_OF_KIND, kindOfWebhook, receiveIframeRequest } from './receive';
export * as iframeLifecycle from './lifecycle';
export { MAX_REMEMBERED_TOKENS, admitToken, usedTokenMemory } from './usedTokens';
export type { TokenAdmission, TokenUse } from './usedTokens';
