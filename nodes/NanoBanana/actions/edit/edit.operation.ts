import type { IBinaryData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemError } from '../../helpers/errors';
import { looksLikeImage } from '../../helpers/references';
import { readBoolean } from '../../helpers/validation';
import { readCommonInput } from '../shared';
import type { ImageReference, NanoBananaOperation } from '../types';
import { httpUrl, mediaReferences } from './media';

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

/** Image editing and combining with the item's model. */
export const edit: NanoBananaOperation = {
	async resolve(ctx, itemIndex) {
		const { model, endpoint, input, options, controls } = readCommonInput(ctx, itemIndex, 'edit');
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
		return { itemIndex, endpoint, input, options, controls, references, media };
	},
};
