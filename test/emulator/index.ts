export { DEFAULT_KEY, FalEmulator } from './emulator';
export { EmulatorControl, sha256 } from './control-client';
export type { ControlDelivery, DeliveryAttempt, ForgeRequest } from './control-client';
export {
	FAL_JWKS_URL,
	WEBHOOK_HEADERS,
	webhookMessage,
	WebhookSigner,
	type SignedParts,
} from './webhook-signer';
export type { WebhookDelivery, ForgeKind } from './webhooks';
export type {
	ControlCancel,
	ControlClock,
	ControlJob,
	ControlMedia,
	ControlUpload,
	TunableOptions,
} from './control-client';
export { STAND_INS, type StandInEndpoint } from './stand-ins';
export type { ServedEndpoint } from './endpoints';
export {
	LIFECYCLE_HEADER,
	UPLOAD_LIFECYCLE_HEADER,
	QUEUE_PRIORITY_HEADER,
	type QueuePriority,
} from './request-headers';
export { DECLINED_DESCRIPTION } from './model';
export {
	imageDimensions,
	jpegDimensions,
	pngDimensions,
	webpDimensions,
	type ImageContentType,
	type ImageInfo,
	type ImageSize,
} from './images/dimensions';
export {
	generateImage,
	imageSeed,
	type GeneratedImage,
	type ImageRequest,
	type OutputFormat,
} from './images/generate';
export { sizeForRatio, ASPECT_RATIOS, type AspectRatio } from './images/render';
export type { ValidationIssue } from './validation';
export type * from './types';
