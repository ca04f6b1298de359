import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

// Literal values (not the constants) so n8n's linter can check defaults and options.
export const aspectRatioOptions: INodePropertyOptions[] = [
	{ name: '21:9 (Ultra-Wide)', value: '21:9' },
	{ name: '16:9 (Widescreen)', value: '16:9' },
	{ name: '3:2 (Landscape)', value: '3:2' },
	{ name: '4:3 (Landscape)', value: '4:3' },
	{ name: '5:4 (Landscape)', value: '5:4' },
	{ name: '1:1 (Square)', value: '1:1' },
	{ name: '4:5 (Portrait)', value: '4:5' },
	{ name: '3:4 (Portrait)', value: '3:4' },
	{ name: '2:3 (Portrait)', value: '2:3' },
	{ name: '9:16 (Vertical)', value: '9:16' },
];

export const promptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	// Hidden for n8n's "Custom API Call" so the run reaches the node's explanation instead of
	// stopping at "Prompt is required".
	displayOptions: { hide: { operation: ['__CUSTOM_API_CALL__'] } },
	placeholder: 'e.g. A banana-shaped spaceship over a neon city, cinematic lighting',
	description: 'What the image should show, or for edits what to change',
};

export const numImagesProperty: INodeProperties = {
	displayName: 'Number of Images',
	name: 'numImages',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 4, numberPrecision: 0 },
	default: 1,
	description: 'How many images to make for each input item (1 to 4); fal bills each one',
};

export const outputFormatProperty: INodeProperties = {
	displayName: 'Output Format',
	name: 'outputFormat',
	type: 'options',
	options: [
		{ name: 'JPEG', value: 'jpeg' },
		{ name: 'PNG', value: 'png' },
		{ name: 'WebP', value: 'webp' },
	],
	default: 'jpeg',
	description: 'File format of the images fal returns',
};

export const syncModeProperty: INodeProperties = {
	displayName: 'Sync Mode',
	name: 'syncMode',
	type: 'boolean',
	default: false,
	description:
		'Whether fal returns the images inline as data URIs instead of hosted URLs; the images are then not kept in your fal request history',
};

/** Settings most users never touch; each is read per item. */
export function optionsProperty(extra: INodeProperties[]): INodeProperties {
	const property: INodeProperties = {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...extra,
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16, numberPrecision: 0 },
				default: 4,
				description:
					'How many input items are sent to fal at the same time (1 to 16). Output order stays the same.',
			},
			{
				displayName: 'Limit Generations',
				name: 'limitGenerations',
				type: 'boolean',
				default: false,
				description:
					'Whether to limit the model to one generation per prompt round, ignoring extra image requests written into the prompt',
			},
			{
				displayName: 'Max Download Size (MB)',
				name: 'maxDownloadMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Largest image file the node downloads from fal; larger ones fail the item',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
				default: 3,
				description:
					'How often a rate-limited or temporarily failing fal call is retried. Submissions are only retried when fal cannot have started the job, so a retry never pays twice.',
			},
			{
				displayName: 'Output Mode',
				name: 'outputMode',
				type: 'options',
				options: [
					{
						name: 'One Item per Image',
						value: 'oneItemPerImage',
						description:
							'Each image becomes its own output item, in the binary field named in Put Output in Field',
					},
					{
						name: 'All Images in One Item',
						value: 'allImagesInOneItem',
						description:
							'One output item per input item; the first image is in the binary field named in Put Output in Field (e.g. "data"), the next ones in "data_1", "data_2", "data_3"',
					},
				],
				default: 'oneItemPerImage',
				description: 'How generated images are split into output items',
			},
			{
				displayName: 'Put Output in Field',
				name: 'binaryPropertyOutput',
				type: 'string',
				default: 'data',
				description: 'Name of the binary field the image is written to',
			},
			{
				displayName: 'Safety Tolerance',
				name: 'safetyTolerance',
				type: 'options',
				options: [
					{ name: '1 (Strictest)', value: '1' },
					{ name: '2', value: '2' },
					{ name: '3', value: '3' },
					{ name: '4', value: '4' },
					{ name: '5', value: '5' },
					{ name: '6 (Most Permissive)', value: '6' },
				],
				default: '4',
				description: 'How strictly fal filters content; sent only when this option is added',
			},
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				typeOptions: { numberPrecision: 0 },
				default: 0,
				description:
					'A fixed seed makes results more repeatable; sent only when this option is added',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description:
					'Longest time to wait for fal per item. When it passes, the request is cancelled at fal and the item fails.',
			},
		],
	};
	// n8n lists collection options alphabetically.
	property.options = (property.options as INodeProperties[]).sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return property;
}
