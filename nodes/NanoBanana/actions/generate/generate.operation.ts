import { readCommonInput } from '../shared';
import type { NanoBananaOperation } from '../types';

/** Text to image with the item's model. */
export const generate: NanoBananaOperation = {
	async resolve(ctx, itemIndex) {
		const { endpoint, input, options, controls } = readCommonInput(ctx, itemIndex, 'generate');
		return { itemIndex, endpoint, input, options, controls };
	},
};
