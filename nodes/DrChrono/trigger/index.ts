export { ALL_EVENTS, DRCHRONO_EVENTS, canonicalEventName, findEvent, isEventSelected } from './events';
export { resolvePath } from './currentObject';
export { ACCEPTED_ANSWER, receiveDelivery } from './delivery';
export { answerHandshake, receiveVerification } from './handshake';
export * as lifecycle from './lifecycle';
export { DELIVERY_MEMORY_MS, RECENT_DELIVERIES_PER_NODE, deliveryMemory, localDeliveryMemory } from './recentDeliveries';
export { checkSecretToken, testSecretToken } from './secretToken';
export { hmacSha256Hex, isValidSignature } from './signature';
export { triggerProperties } from './properties';
