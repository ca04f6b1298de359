import type { IBinaryData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { LIMITS } from '../../helpers/constants';
import {
	EDIT_MEDIA,
	mediaBinaryParameter,
	mediaUrlParameter,
	modelsWith,
	shortName,
	type ModelSpec,
} from '../../helpers/models';
import { looksLikeImage } from '../../helpers/references';
import { itemError, readBoolean } from '../../helpers/validation';
import { readCommonInput } from '../shared';
import type { ImageReference, MediaReference, NanoBananaOperation } from '../types';

const showForEdit = { show: { operation: ['edit'] } };
const DEFAULT_BINARY_FIELD = 'data';

export const editProperties: INodeProperties[] = [
	{
		displayName: 'Input Binary Fields',
		name: 'inputBinaryFields',
		type: 'string',
		default: DEFAULT_BINARY_FIELD,
		placeholder: 'e.g. data, logo',
		description:
			'Names of the binary fields holding the images to edit, separated by commas. They are sent in this order, before any image URLs. Left at "data", it is skipped on an item without binary data, or when "data" is the video, audio or PDF given below.',
		displayOptions: { show: { operation: ['edit'], useAllImageBinaries: [false] } },
	},
	{
		displayName: 'Use All Image Binaries on the Item',
		name: 'useAllImageBinaries',
		type: 'boolean',
		default: false,
		description:
			'Whether to send every image binary of the input item, in the order they appear on it',
		displayOptions: showForEdit,
	},
	{
		displayName: 'Image URLs',
		name: 'imageUrls',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Image URL' },
		default: [],
		placeholder: 'https://example.com/photo.png',
		description:
			'Public http(s) URLs of more images to edit or combine, sent after the binary images',
		displayOptions: showForEdit,
	},
];

type BinaryReference = Extract<ImageReference, { kind: 'binary' }>;

/** The item's image binaries; every problem found is added to `problems`. */
async function binaryReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	problems: string[],
	/** Binary fields given as a video, audio or PDF: never images. */
	claimed: Set<string>,
): Promise<BinaryReference[]> {
	const binaries: Record<string, IBinaryData> = ctx.getInputData()[itemIndex]?.binary ?? {};
	const useAll = readBoolean(
		ctx,
		itemIndex,
		'Use All Image Binaries on the Item',
		ctx.getNodeParameter('useAllImageBinaries', itemIndex, false),
	);
	if (useAll) {
		const found: BinaryReference[] = [];
		// The same rule as for named fields: a generic MIME type leaves it to the first bytes.
		for (const [property, binary] of Object.entries(binaries)) {
			if (claimed.has(property)) continue;
			if (await looksLikeImage(ctx, itemIndex, property, binary)) {
				found.push({ kind: 'binary', property, binary });
			}
		}
		return found;
	}
	const raw = ctx.getNodeParameter('inputBinaryFields', itemIndex, DEFAULT_BINARY_FIELD) as unknown;
	if (typeof raw !== 'string') {
		problems.push(
			'The "Input Binary Fields" parameter must be text: field names separated by commas',
		);
		return [];
	}
	const names = raw
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const present = Object.keys(binaries);
	// The untouched default on an item without binaries, or whose "data" is the PDF, video or
	// audio given below: the images come from URLs only.
	const untouched = names.length === 1 && names[0] === DEFAULT_BINARY_FIELD;
	if (untouched && (present.length === 0 || claimed.has(DEFAULT_BINARY_FIELD))) return [];
	const found: BinaryReference[] = [];
	for (const property of names) {
		const binary = binaries[property];
		if (!binary) {
			problems.push(
				present.length
					? `The input item has no binary field "${property}" (it has ${present.join(', ')})`
					: `The input item has no binary field "${property}" (it carries no binary data)`,
			);
		} else if (!(await looksLikeImage(ctx, itemIndex, property, binary))) {
			problems.push(
				`The binary field "${property}" is not an image (${binary.mimeType || 'unknown type'})`,
			);
		} else {
			found.push({ kind: 'binary', property, binary });
		}
	}
	return found;
}

/** An http(s) URL, or undefined after recording why not. */
function httpUrl(value: unknown, label: string, problems: string[]): string | undefined {
	const text = typeof value === 'string' ? value.trim() : value;
	try {
		const parsed = typeof text === 'string' ? new URL(text) : undefined;
		if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return parsed.href;
	} catch {
		// reported below
	}
	problems.push(
		`The "${label}" parameter holds ${JSON.stringify(value)}, which is not an http(s) URL`,
	);
	return undefined;
}

function urlReferences(ctx: IExecuteFunctions, itemIndex: number, problems: string[]) {
	const raw = ctx.getNodeParameter('imageUrls', itemIndex, []) as unknown;
	// An expression may give one URL, a list, or a list inside the list.
	const values = (Array.isArray(raw) ? raw.flat(2) : [raw]).filter(
		(value) => value !== '' && value != null,
	);
	return values.flatMap((value): ImageReference[] => {
		const url = httpUrl(value, 'Image URLs', problems);
		return url ? [{ kind: 'url', url }] : [];
	});
}

/** Video, audio and PDF inputs, for models whose edit reads them. */
async function mediaReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: ModelSpec,
	problems: string[],
): Promise<MediaReference[]> {
	const binaries: Record<string, IBinaryData> = ctx.getInputData()[itemIndex]?.binary ?? {};
	const found: MediaReference[] = [];
	for (const media of EDIT_MEDIA) {
		const urlLabel = `${media.label} URL`;
		const binaryLabel = `${media.label} Binary Field`;
		const url = ctx.getNodeParameter(mediaUrlParameter(media), itemIndex, '') as unknown;
		const field = ctx.getNodeParameter(mediaBinaryParameter(media), itemIndex, '') as unknown;
		const hasUrl = url !== '' && url != null;
		const hasField = typeof field === 'string' ? field.trim() !== '' : field != null;
		if (!hasUrl && !hasField) continue;
		if (!model.editMedia) {
			const models = modelsWith((m) => m.editMedia).join(', ');
			problems.push(
				`The "${hasUrl ? urlLabel : binaryLabel}" parameter is not available on ${shortName(model)}; only ${models} edits read a ${media.label.toLowerCase()}`,
			);
			continue;
		}
		if (hasUrl && hasField) {
			problems.push(
				`Give the ${media.label.toLowerCase()} as "${urlLabel}" or as "${binaryLabel}", not both`,
			);
			continue;
		}
		if (hasUrl) {
			const href = httpUrl(url, urlLabel, problems);
			if (href) found.push({ falField: media.falField, kind: 'url', url: href });
			continue;
		}
		const property = String(field).trim();
		const binary = binaries[property];
		if (!binary) {
			problems.push(
				`The "${binaryLabel}" parameter names "${property}", which the input item does not have`,
			);
			continue;
		}
		const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		if (bytes.length > LIMITS.maxMediaBytes) {
			problems.push(
				`The binary field "${property}" is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; fal reads files of up to 15 MB`,
			);
			continue;
		}
		found.push({ falField: media.falField, kind: 'binary', property, binary });
	}
	return found;
}

/** Image editing and combining with the item's model. */
export const edit: NanoBananaOperation = {
	async resolve(ctx, itemIndex) {
		const { model, endpoint, input, options } = readCommonInput(ctx, itemIndex, 'edit');
		const problems: string[] = [];
		const media = await mediaReferences(ctx, itemIndex, model, problems);
		const claimed = new Set(media.flatMap((m) => (m.kind === 'binary' ? [m.property] : [])));
		const binaries = await binaryReferences(ctx, itemIndex, problems, claimed);
		const references: ImageReference[] = [...binaries, ...urlReferences(ctx, itemIndex, problems)];
		const inputBinaries = ctx.getInputData()[itemIndex]?.binary ?? {};
		if (options.keepInputBinaries && inputBinaries[options.binaryPropertyOutput]) {
			problems.push(
				`"Put Output in Field" is "${options.binaryPropertyOutput}", which would overwrite the kept input image of that name`,
			);
		}
		if (problems.length === 0 && references.length === 0 && media.length === 0) {
			throw itemError(
				ctx,
				itemIndex,
				'No image to edit',
				model.editMedia
					? 'Name a binary field that holds an image, switch on "Use All Image Binaries on the Item", add an image URL, or give a video, audio or PDF.'
					: 'Name a binary field that holds an image, switch on "Use All Image Binaries on the Item", or add an image URL.',
			);
		}
		if (problems.length > 0) {
			throw itemError(
				ctx,
				itemIndex,
				problems.join('; '),
				'Nano Banana edits PNG, JPEG, WebP and other image files, from binary fields of the input item or from http(s) URLs. Nothing was sent to fal for this item.',
			);
		}
		return { itemIndex, endpoint, input, options, references, media };
	},
};
