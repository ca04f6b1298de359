import type { INodeProperties } from 'n8n-workflow';

// Option lists come from helpers/ (one source for the node and its checks); defaults stay
// literal so n8n's linter can check them, and test/unit/description.test.ts holds them equal.

import { LIMITS, OUTPUT_MODES } from '../helpers/constants';
import { FILE_LIFETIMES, QUEUE_PRIORITIES } from '../helpers/falControls';
import { OUTPUT_FORMATS, SAFETY_TOLERANCES } from '../helpers/models';

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
	description:
		'What the image should show, or for edits what to change. Write it as a full description: subject, setting, style, text to render.',
};

export const numImagesProperty: INodeProperties = {
	displayName: 'Number of Images',
	name: 'numImages',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: LIMITS.maxImages, numberPrecision: 0 },
	default: 1,
	description: 'How many images to make for each input item (1 to 4); fal bills each one',
};

export const outputFormatProperty: INodeProperties = {
	displayName: 'Output Format',
	name: 'outputFormat',
	type: 'options',
	options: OUTPUT_FORMATS,
	default: 'jpeg',
	description: 'File format of the images fal returns',
};

export const syncModeProperty: INodeProperties = {
	displayName: 'Sync Mode',
	name: 'syncMode',
	type: 'boolean',
	default: false,
	description:
		'Whether fal returns the images inline as data URIs instead of hosted URLs; the images are then not kept in your fal request history. Not possible with "Return URLs Only" or when an AI Agent calls the node as a tool, which both need URLs.',
};

/** Settings most users never touch; read per item, except Concurrency (and the upload retries), read once per run. */
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
				typeOptions: { minValue: 1, maxValue: LIMITS.maxConcurrency, numberPrecision: 0 },
				default: 4,
				description:
					'How many input items are at fal, and how many download their images, at the same time (1 to 16). One value for the whole run: it is read from the first item. Output order stays the same.',
			},
			{
				displayName: 'Keep Files on fal For',
				name: 'falFileLifetime',
				type: 'options',
				options: FILE_LIFETIMES.map(({ name, value }) => ({ name, value })),
				default: 'default',
				description:
					'How long fal keeps the images it makes and the reference files the node uploads. The node already copies every image into n8n; URLs handed out (Return URLs Only, AI Agent tool) stop working when the files expire.',
			},
			{
				displayName: 'Limit Generations',
				name: 'limitGenerations',
				type: 'boolean',
				// fal's own default: adding the option must not switch the limit off.
				default: true,
				description:
					'Whether to limit the model to one generation per prompt round, ignoring extra image requests written into the prompt (fal does this unless told otherwise; off, fal may follow "make 3 variations" and bill more images than Number of Images)',
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
				displayName: 'Max Images per Execution',
				name: 'maxImagesPerExecution',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 0,
				description:
					'Most images this node may ask fal for in one execution, counting every run of the node in it (loops, Retry On Fail, repeated AI Agent tool calls). Items that would go over it fail before anything is sent; items fal never accepted are given back. 0 means no cap. One value for the whole run: it is read from the first item.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: LIMITS.maxRetries, numberPrecision: 0 },
				default: 3,
				description:
					'How often a rate-limited or temporarily failing fal call is retried; a submission only when fal cannot have started the job, so these retries never pay twice. Uploads of input images use the first item\'s value. n8n\'s own "Retry On Fail" setting reruns every item; items whose images fal already made in this execution reuse them instead of paying again.',
			},
			{
				displayName: 'Output Mode',
				name: 'outputMode',
				type: 'options',
				options: OUTPUT_MODES,
				default: 'oneItemPerImage',
				description: 'How generated images are split into output items',
			},
			{
				displayName: 'Put Output in Field',
				name: 'binaryPropertyOutput',
				type: 'string',
				default: 'data',
				description:
					'Name of the binary field the image is written to. Left out, it is "data", except for Edit with "Keep Input Images", where it is "edited" so the original stays in its field.',
			},
			{
				displayName: 'Queue Priority',
				name: 'queuePriority',
				type: 'options',
				options: QUEUE_PRIORITIES.map(({ name, value }) => ({ name, value })),
				default: 'normal',
				description:
					"Place in fal's queue: Low lets batch runs that are not in a hurry wait behind interactive work",
			},
			{
				displayName: 'Return URLs Only',
				name: 'returnUrlsOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether to skip downloading the images and output only their fal URLs in the item JSON, for passing them on to other services. fal keeps its media for a limited time.',
			},
			{
				displayName: 'Safety Tolerance',
				name: 'safetyTolerance',
				type: 'options',
				options: SAFETY_TOLERANCES,
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
				typeOptions: { minValue: 1, maxValue: LIMITS.maxTimeoutSeconds },
				default: 300,
				description:
					'Longest time per item for uploading its input images and for fal to finish, at most 86400 (24 hours). When it passes, the request is cancelled at fal and the item fails; a job fal had already finished is still delivered. Downloading the finished images has its own limit of the same length.',
			},
		],
	};
	// n8n lists collection options alphabetically.
	property.options = (property.options as INodeProperties[]).sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return property;
}
