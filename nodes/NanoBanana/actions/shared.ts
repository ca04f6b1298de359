import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULTS, LIMITS, OUTPUT_FORMATS } from '../helpers/constants';
import type { NodeOptions } from '../helpers/interfaces';
import {
	readBoolean,
	readChoice,
	readInteger,
	readOptions,
	readPrompt,
} from '../helpers/validation';

/** The model fields Generate and Edit share, under fal's names. */
export function readCommonInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	aspectRatios: readonly string[],
): { input: IDataObject; options: NodeOptions } {
	const options = readOptions(ctx, itemIndex);
	const input: IDataObject = {
		prompt: readPrompt(ctx, itemIndex),
		num_images: readInteger(
			ctx,
			itemIndex,
			'Number of Images',
			ctx.getNodeParameter('numImages', itemIndex, DEFAULTS.numImages),
			1,
			LIMITS.maxImages,
		),
		output_format: readChoice(
			ctx,
			itemIndex,
			'Output Format',
			ctx.getNodeParameter('outputFormat', itemIndex, 'jpeg'),
			OUTPUT_FORMATS,
		),
		aspect_ratio: readChoice(
			ctx,
			itemIndex,
			'Aspect Ratio',
			ctx.getNodeParameter('aspectRatio', itemIndex),
			aspectRatios,
		),
		sync_mode: readBoolean(
			ctx,
			itemIndex,
			'Sync Mode',
			ctx.getNodeParameter('syncMode', itemIndex, false),
		),
		...options.modelFields,
	};
	return { input, options };
}
