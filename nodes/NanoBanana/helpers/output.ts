import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { falFailureOf, falResultError } from '../transport/errors';
import { downloadIntoBinary } from '../transport/media';
import type { FalContext, FalImage, FalImageOutput, FalJobResult } from '../transport/types';
import type { ImageJob } from './interfaces';
import { extensionForMimeType, normaliseMimeType, sniffImageType } from './imageType';

interface StoredImage {
	binary: IBinaryData;
	meta: IDataObject;
}

/** Checks fal's answer is an image result before anything is downloaded. */
export function readImageOutput(ctx: FalContext, result: FalJobResult): FalImageOutput {
	const output = result.output;
	if (!output || typeof output !== 'object' || Array.isArray(output)) {
		throw falResultError(
			ctx.getNode(),
			`fal returned a result that is not an image result (request ${result.requestId})`,
			result.requestId,
		);
	}
	const { images, description } = output as Partial<FalImageOutput>;
	const valid = Array.isArray(images)
		? images.filter((image) => typeof image?.url === 'string' && image.url)
		: [];
	if (valid.length === 0) {
		const said =
			typeof description === 'string' && description.trim()
				? ` The model answered: "${description.trim()}"`
				: '';
		throw falResultError(
			ctx.getNode(),
			`fal returned no image for this prompt (request ${result.requestId}); the model may have declined it.${said}`,
			result.requestId,
		);
	}
	return { ...(output as FalImageOutput), images: valid };
}

async function storeImage(
	ctx: FalContext,
	job: ImageJob,
	image: FalImage,
	index: number,
	requestId: string,
	signal: AbortSignal | undefined,
): Promise<StoredImage> {
	let mimeType = 'application/octet-stream';
	let fileName = '';
	const naming = ({ head, declaredMimeType }: { head: Buffer; declaredMimeType?: string }) => {
		const sniffed = sniffImageType(head);
		mimeType =
			sniffed?.mimeType ??
			normaliseMimeType(image.content_type) ??
			declaredMimeType ??
			'application/octet-stream';
		const extension = sniffed?.extension ?? extensionForMimeType(mimeType);
		// fal often names every output alike ("output.png"); a name unique per request and image
		// keeps a later "save to disk" from overwriting files.
		fileName = `nano-banana-${requestId.slice(0, 8)}-${index}.${extension}`;
		return { fileName, mimeType };
	};
	const file = await downloadIntoBinary(
		ctx,
		image.url,
		{ signal, timeoutMs: job.options.timeoutMs, maxBytes: job.options.maxDownloadBytes },
		naming,
	).catch((error: unknown) => {
		const failure = falFailureOf(error);
		if (failure?.kind !== 'download') throw error;
		throw falResultError(
			ctx.getNode(),
			`Image ${index + 1} of fal request ${requestId} could not be downloaded: ${(error as Error).message}`,
			requestId,
			failure.status,
		);
	});
	const binary = file.binary;
	const isInline = image.url.startsWith('data:');
	return {
		binary,
		meta: {
			index,
			url: isInline ? null : image.url,
			fileName,
			mimeType,
			fileSize: file.size,
			...(typeof image.width === 'number' ? { width: image.width } : {}),
			...(typeof image.height === 'number' ? { height: image.height } : {}),
		},
	};
}

/** What every output item says about its request: fal's text, the endpoint used, the cost units. */
function baseJson(job: ImageJob, result: FalJobResult, output: FalImageOutput): IDataObject {
	return {
		description: output.description ?? '',
		model: job.endpoint,
		requestId: result.requestId,
		// Get Result knows no prompt: fal's result does not repeat it.
		...(job.input.prompt !== undefined ? { prompt: job.input.prompt } : {}),
		...(typeof output.seed === 'number' ? { seed: output.seed } : {}),
		...(result.billableUnits !== undefined ? { billableUnits: result.billableUnits } : {}),
	};
}

/** fal's own facts about an image, without downloading it. */
function urlMeta(image: FalImage, index: number): IDataObject {
	return {
		index,
		url: image.url,
		...(image.content_type ? { mimeType: image.content_type } : {}),
		...(image.file_name ? { fileName: image.file_name } : {}),
		...(typeof image.file_size === 'number' ? { fileSize: image.file_size } : {}),
		...(typeof image.width === 'number' ? { width: image.width } : {}),
		...(typeof image.height === 'number' ? { height: image.height } : {}),
	};
}

/** Return URLs Only and tool calls: the images stay at fal; the JSON carries their URLs. */
function urlOutputItems(
	job: ImageJob,
	result: FalJobResult,
	output: FalImageOutput,
): INodeExecutionData[] {
	const base = baseJson(job, result, output);
	const pairedItem = { item: job.itemIndex };
	const images = output.images.map(urlMeta);
	if (job.options.outputMode === 'allImagesInOneItem') {
		return [{ json: { ...base, images }, pairedItem }];
	}
	return images.map((meta) => ({ json: { ...base, ...meta }, pairedItem }));
}

/**
 * Downloads the job's images straight into n8n's binary store and shapes the
 * output items: one per image, or all of them on one item.
 */
export async function buildOutputItems(
	ctx: FalContext,
	job: ImageJob,
	result: FalJobResult,
	inputItem: INodeExecutionData,
	signal?: AbortSignal,
): Promise<INodeExecutionData[]> {
	const output = readImageOutput(ctx, result);
	if (job.options.urlsOnly) return urlOutputItems(job, result, output);
	const stored = await Promise.all(
		output.images.map(
			async (image, index) => await storeImage(ctx, job, image, index, result.requestId, signal),
		),
	);
	const { binaryPropertyOutput: field, outputMode, keepInputBinaries } = job.options;
	const base = baseJson(job, result, output);
	const kept = keepInputBinaries ? { ...(inputItem.binary ?? {}) } : {};
	const pairedItem = { item: job.itemIndex };

	if (outputMode === 'allImagesInOneItem') {
		const binary: Record<string, IBinaryData> = { ...kept };
		const images = stored.map(({ binary: data, meta }, i) => {
			const property = i === 0 ? field : `${field}_${i}`;
			binary[property] = data;
			return { ...meta, binaryProperty: property };
		});
		return [{ json: { ...base, images }, binary, pairedItem }];
	}
	return stored.map(({ binary: data, meta }) => ({
		json: { ...base, ...meta, binaryProperty: field },
		binary: { ...kept, [field]: data },
		pairedItem,
	}));
}

/** Items whose images come from a fal job an earlier run of the node finished: said in the JSON. */
export function markReused(items: INodeExecutionData[], requestId: string): INodeExecutionData[] {
	return items.map((item) => ({ ...item, json: { ...item.json, reusedRequestId: requestId } }));
}
