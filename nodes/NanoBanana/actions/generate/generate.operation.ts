import type { INodeProperties } from 'n8n-workflow';

import { ASPECT_RATIOS, GENERATE_ENDPOINT } from '../../helpers/constants';
import { aspectRatioOptions } from '../common.description';
import { readCommonInput } from '../shared';
import type { NanoBananaOperation } from '../types';

const aspectRatio: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	type: 'options',
	options: aspectRatioOptions,
	default: '1:1',
	description: 'Shape of the generated images',
	displayOptions: { show: { operation: ['generate'] } },
};

/** Text to image with fal-ai/nano-banana. */
export const generate: NanoBananaOperation = {
	properties: [aspectRatio],
	async resolve(ctx, itemIndex) {
		const { input, options } = readCommonInput(ctx, itemIndex, ASPECT_RATIOS);
		return { itemIndex, endpoint: GENERATE_ENDPOINT, input, options };
	},
};
