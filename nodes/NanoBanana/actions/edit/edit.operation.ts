import type { IBinaryData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ASPECT_RATIOS, EDIT_ENDPOINT } from '../../helpers/constants';
import { isImageBinary, looksLikeImage } from '../../helpers/references';
import { itemError } from '../../helpers/errors';
import { readBoolean } from '../../helpers/validation';
import { aspectRatioOptions } from '../common.description';
import { readCommonInput } from '../shared';
import type { ImageReference, NanoBananaOperation } from '../types';

const EDIT_ASPECT_RATIOS = ['auto', ...ASPECT_RATIOS] as const;
const showForEdit = { show: { operation: ['edit'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Fields',
		name: 'inputBinaryFields',
		type: 'string',
		default: 'data',
		placeholder: 'e.g. data, logo',
		description:
			'Names of the binary fields holding the images to edit, separated by commas. They are sent in this order, before any image URLs.',
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
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: [{ name: 'Auto (Follow the Input Image)', value: 'auto' }, ...aspectRatioOptions],
		default: 'auto',
		description: 'Shape of the edited images',
		displayOptions: showForEdit,
	},
];

function binaryReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Array<Extract<ImageReference, { kind: 'binary' }>> {
	const binaries: Record<string, IBinaryData> = ctx.getInputData()[itemIndex]?.binary ?? {};
	const useAll = readBoolean(
		ctx,
		itemIndex,
		'Use All Image Binaries on the Item',
		ctx.getNodeParameter('useAllImageBinaries', itemIndex, false),
	);
	if (useAll) {
		return Object.entries(binaries)
			.filter(([, binary]) => isImageBinary(binary))
			.map(([property, binary]) => ({ kind: 'binary', property, binary }));
	}
	const raw = ctx.getNodeParameter('inputBinaryFields', itemIndex, 'data') as unknown;
	if (typeof raw !== 'string') {
		throw itemError(
			ctx,
			itemIndex,
			'The "Input Binary Fields" parameter must be text: field names separated by commas',
		);
	}
	const names = raw
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	return names.map((property) => {
		const binary = binaries[property];
		if (!binary) {
			const present = Object.keys(binaries);
			throw itemError(
				ctx,
				itemIndex,
				`The input item has no binary field "${property}"`,
				present.length
					? `Binary fields on this item: ${present.join(', ')}. Put one of them in "Input Binary Fields".`
					: 'This item carries no binary data at all. Read a file or download an image before this node, or use "Image URLs".',
			);
		}
		return { kind: 'binary', property, binary };
	});
}

function urlReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Array<Extract<ImageReference, { kind: 'url' }>> {
	const raw = ctx.getNodeParameter('imageUrls', itemIndex, []) as unknown;
	// An expression may give one URL, a list, or a list inside the list.
	const values = (Array.isArray(raw) ? raw.flat(2) : [raw]).filter(
		(value) => value !== '' && value != null,
	);
	return values.map((value) => {
		const url = typeof value === 'string' ? value.trim() : value;
		let parsed: URL | undefined;
		try {
			parsed = typeof url === 'string' ? new URL(url) : undefined;
		} catch {
			parsed = undefined;
		}
		if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
			throw itemError(
				ctx,
				itemIndex,
				`The "Image URLs" parameter holds ${JSON.stringify(value)}, which is not an http(s) URL`,
			);
		}
		return { kind: 'url', url: parsed.href };
	});
}

/** Image editing and combining with fal-ai/nano-banana/edit. */
export const edit: NanoBananaOperation = {
	properties,
	async resolve(ctx, itemIndex) {
		const { input, options } = readCommonInput(ctx, itemIndex, EDIT_ASPECT_RATIOS);
		const binaries = binaryReferences(ctx, itemIndex);
		for (const reference of binaries) {
			if (!(await looksLikeImage(ctx, itemIndex, reference.property, reference.binary))) {
				throw itemError(
					ctx,
					itemIndex,
					`The binary field "${reference.property}" is not an image (${reference.binary.mimeType || 'unknown type'})`,
					'Nano Banana edits PNG, JPEG, WebP and other image files.',
				);
			}
		}
		const references: ImageReference[] = [...binaries, ...urlReferences(ctx, itemIndex)];
		if (references.length === 0) {
			throw itemError(
				ctx,
				itemIndex,
				'No image to edit',
				'Name a binary field that holds an image, switch on "Use All Image Binaries on the Item", or add an image URL.',
			);
		}
		return { itemIndex, endpoint: EDIT_ENDPOINT, input, options, references };
	},
};
