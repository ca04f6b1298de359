import type { INodeTypeDescription } from 'n8n-workflow';

import {
	numImagesProperty,
	optionsProperty,
	outputFormatProperty,
	promptProperty,
	syncModeProperty,
} from './common.description';
import { editProperties } from './edit/edit.operation';
import {
	getResultOptionsProperty,
	hiddenForGetResult,
	requestIdProperty,
} from './getResult/getResult.description';
import {
	additionalFieldsProperty,
	aspectRatioProperty,
	editMediaProperties,
	modelOptionProperties,
	modelProperty,
	otherEndpointProperties,
} from './model.description';
import { submitOnlyProperties } from './submitOnly.description';

/** The node's parameters; its identity (name, icon, credentials) is in NanoBanana.node.ts, where n8n's rules look for it. */
export const versionDescription: Pick<INodeTypeDescription, 'properties'> = {
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Generate Image',
					value: 'generate',
					action: 'Generate an image from a prompt',
					description: 'Create new images from a text prompt',
				},
				{
					name: 'Edit Image',
					value: 'edit',
					action: 'Edit an image',
					description: 'Change or combine images from earlier nodes or URLs, following a prompt',
				},
				{
					name: 'Get Result',
					value: 'getResult',
					action: 'Get the result of a request',
					description:
						'Wait for a request submitted with "Wait for Result" off and output its images',
				},
			],
			default: 'generate',
		},
		modelProperty,
		...otherEndpointProperties,
		requestIdProperty,
		...editProperties,
		...editMediaProperties(),
		...[
			promptProperty,
			numImagesProperty,
			aspectRatioProperty,
			outputFormatProperty,
			syncModeProperty,
			additionalFieldsProperty,
		].map(hiddenForGetResult),
		...submitOnlyProperties,
		hiddenForGetResult(
			optionsProperty([
				{
					displayName: 'Keep Input Images',
					name: 'keepInputBinaries',
					type: 'boolean',
					default: false,
					description:
						'Whether to keep the input item\'s own binary fields on the output item, next to the edited image (which then goes to "edited" unless "Put Output in Field" says otherwise)',
					displayOptions: { show: { '/operation': ['edit'] } },
				},
				...modelOptionProperties(),
			]),
		),
		getResultOptionsProperty(),
	],
};
