import { randomBytes } from 'node:crypto';

import type { ModelRun } from './jobs';
import { imageDimensions, type ImageSize } from './images/dimensions';
import {
	generateImage,
	imageSeed,
	type GeneratedImage,
	type ImageRequest,
	type OutputFormat,
} from './images/generate';
import { sizeForRatio, sizeLike } from './images/render';
import { servedSchemaOf } from './endpoints';
import { expiryOf } from './request-headers';
import { RESOLUTION_LONG_SIDE } from './schemas';
import type { EmulatorState } from './state';
import type { EmulatorJob, FalImageFile, FalOutput, StoredFile } from './types';

export const DECLINED_DESCRIPTION = "I'm sorry, I can't generate that image.";

// Equal inputs give equal bytes, so repeated prompts (benchmarks) skip the encoder. Padded
// images are left out: they are built from a cached base already and would hold a lot of memory.
const CACHE_LIMIT = 64;
const imageCache = new Map<string, GeneratedImage>();

function cachedImage(request: ImageRequest): GeneratedImage {
	const key = [
		request.format,
		request.size.width,
		request.size.height,
		request.imageBytes ?? 0,
		request.seed.toString('hex'),
	].join(':');
	const hit = imageCache.get(key);
	if (hit) return hit;
	const image = generateImage(request);
	if (request.imageBytes) return image;
	if (imageCache.size >= CACHE_LIMIT) imageCache.delete(imageCache.keys().next().value as string);
	imageCache.set(key, image);
	return image;
}

/**
 * The image size: a `resolution` sets the long side as fal does (1K ≈ 1024 px); without one the
 * emulator's own `imageLongSide` keeps tests fast. The ratio follows `aspect_ratio`, or with
 * `auto` the first input image (square when there is none).
 */
function outputSize(job: EmulatorJob, imageLongSide: number): ImageSize {
	const { fields } = servedSchemaOf(job.endpoint);
	const resolution = 'resolution' in fields ? String(job.input.resolution) : '';
	const longSide = RESOLUTION_LONG_SIDE[resolution] ?? imageLongSide;
	const aspect = fields.aspect_ratio;
	const fallback = aspect.type === 'enum' ? aspect.default : undefined;
	const ratio = (job.input.aspect_ratio as string | undefined) ?? fallback ?? '1:1';
	if (ratio !== 'auto') return sizeForRatio(ratio, longSide);
	const first = job.receivedImages?.[0]?.bytes;
	const source = first ? imageDimensions(first) : null;
	return source ? sizeLike(source, longSide) : sizeForRatio('1:1', longSide);
}

/** What the image depends on besides its index: endpoint, prompt, seed and the input images. */
function seedParts(job: EmulatorJob): unknown[] {
	const inputs = (job.receivedImages ?? []).map((image) =>
		image.bytes ? imageSeed([image.bytes.toString('base64')]).toString('hex') : image.url,
	);
	return [job.endpoint, job.input.prompt, job.input.seed ?? null, inputs];
}

/**
 * The emulated model for one state: makes the images at the start of processing and returns the
 * step that publishes them at completion (media become downloadable only then, as on fal).
 */
export function createModel(state: EmulatorState): ModelRun {
	return (job) => {
		const { behaviour } = job;
		if (behaviour.modelError) {
			const error = behaviour.modelError;
			return () => {
				job.error = error;
			};
		}
		const seed = typeof job.input.seed === 'number' ? { seed: job.input.seed } : {};
		if (behaviour.emptyImages) {
			return () => {
				job.output = { images: [], description: DECLINED_DESCRIPTION, ...seed };
			};
		}
		const { options } = state;
		const extra =
			job.input.limit_generations === false ? (behaviour.extraImagesWithoutLimit ?? 0) : 0;
		const count = ((job.input.num_images as number | undefined) ?? 1) + extra;
		const format = (job.input.output_format as OutputFormat | undefined) ?? 'png';
		const syncMode = job.input.sync_mode === true;
		const size = outputSize(job, options.imageLongSide);
		const parts = seedParts(job);
		const files: Array<{ url: string; file: StoredFile }> = [];
		const images: FalImageFile[] = [];
		for (let index = 0; index < count; index++) {
			const image = cachedImage({
				size,
				format,
				seed: imageSeed([...parts, index]),
				imageBytes: options.imageBytes,
			});
			const fileName = `nano-banana-${index + 1}.${format}`;
			const url = syncMode
				? `data:${image.contentType};base64,${image.bytes.toString('base64')}`
				: `${job.mediaBase ?? state.url}/files/${randomBytes(8).toString('hex')}/${fileName}`;
			images.push({
				url,
				content_type: image.contentType,
				file_name: fileName,
				file_size: image.bytes.length,
				width: image.width,
				height: image.height,
			});
			// sync_mode results are not stored, like fal's request history.
			if (!syncMode) {
				files.push({
					url,
					file: {
						bytes: image.bytes,
						contentType: image.contentType,
						fileName,
						width: image.width,
						height: image.height,
					},
				});
			}
		}
		const output: FalOutput = {
			images,
			description: count === 1 ? 'Sure! Here is your image: ' : 'Sure! Here are your images: ',
			...seed,
		};
		return () => {
			if (!behaviour.missingMedia) {
				// The job's lifecycle preference counts from when its images are published.
				const expiresAt = expiryOf(state.clock.now(), job.lifetimeSeconds);
				const kept =
					expiresAt !== undefined ? { lifetimeSeconds: job.lifetimeSeconds, expiresAt } : {};
				for (const { url, file } of files) state.media.set(url, { ...file, ...kept });
			}
			job.output = output;
		};
	};
}
