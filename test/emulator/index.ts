export { DEFAULT_KEY, FalEmulator } from './emulator';
export { EmulatorControl, sha256 } from './control-client';
export type { ControlCancel, ControlJob, ControlMedia, TunableOptions } from './control-client';
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
