import type { INodeProperties } from 'n8n-workflow';

const showForImages = { operation: ['generate', 'edit'] };

/** Wait for Result and Notify URL: submit without holding the execution open for the images. */
export const submitOnlyProperties: INodeProperties[] = [
	{
		displayName: 'Wait for Result',
		name: 'waitForResult',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until fal has made the images and output them. Off, the node submits each item and outputs at once its requestId, model, statusUrl and responseUrl, without images: get them later with Get Result, or with a Nano Banana Trigger as the Notify URL.',
		displayOptions: { show: showForImages },
	},
	{
		displayName: 'Notify URL',
		name: 'notifyUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/…',
		description:
			"Where fal sends each result when its job ends (fal's webhook), e.g. the Production URL of a Nano Banana Trigger. fal retries a failed delivery for up to two hours. Leave empty to fetch results with Get Result instead.",
		displayOptions: { show: { ...showForImages, waitForResult: [false] } },
	},
];
