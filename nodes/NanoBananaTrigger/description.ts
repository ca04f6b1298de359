import type { INodeProperties } from 'n8n-workflow';

import { OUTPUT_MODES } from '../NanoBanana/helpers/constants';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"Paste this node's Production URL as Notify URL in the Nano Banana node (or as fal's webhook URL) and activate the workflow. Each delivery is checked against fal's signature; unsigned or forged ones get 401 and start nothing. Add ?endpoint=<endpoint ID> to the URL to have the model named in the output.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore Failed Jobs',
				name: 'ignoreFailedJobs',
				type: 'boolean',
				default: false,
				description:
					'Whether to start no execution for a job that failed at fal; otherwise it arrives as an item with the error',
			},
			{
				displayName: 'Output Mode',
				name: 'outputMode',
				type: 'options',
				options: OUTPUT_MODES,
				default: 'oneItemPerImage',
				description: 'How the images of a job are split into output items',
			},
			{
				displayName: 'Put Output in Field',
				name: 'binaryPropertyOutput',
				type: 'string',
				default: 'data',
				description: 'Name of the binary field the image is written to',
			},
			{
				displayName: 'Return URLs Only',
				name: 'urlsOnly',
				type: 'boolean',
				default: false,
				description: "Whether to output fal's image URLs without downloading the images into n8n",
			},
		],
	},
];
