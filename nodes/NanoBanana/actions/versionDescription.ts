import type { INodeTypeDescription } from 'n8n-workflow';

import {
	numImagesProperty,
	optionsProperty,
	outputFormatProperty,
	promptProperty,
	syncModeProperty,
} from './common.description';
import { edit } from './edit/edit.operation';
import { generate } from './generate/generate.operation';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Nano Banana',
	name: 'nanoBanana',
	icon: { light: 'file:nanoBanana.svg', dark: 'file:nanoBanana.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] === "edit" ? "Edit Image" : "Generate Image" }}',
	description: "Generate and edit images with Google's Nano Banana model on fal.ai",
	defaults: { name: 'Nano Banana' },
	usableAsTool: true,
	inputs: ['main'],
	outputs: ['main'],
	credentials: [{ name: 'falNanoBananaApi', required: true }],
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
			],
			default: 'generate',
		},
		...edit.properties.filter((property) => property.name !== 'aspectRatio'),
		promptProperty,
		numImagesProperty,
		...generate.properties,
		...edit.properties.filter((property) => property.name === 'aspectRatio'),
		outputFormatProperty,
		syncModeProperty,
		optionsProperty([
			{
				displayName: 'Keep Input Images',
				name: 'keepInputBinaries',
				type: 'boolean',
				default: false,
				description:
					"Whether to keep the input item's own binary fields on the output item, next to the edited image",
				displayOptions: { show: { '/operation': ['edit'] } },
			},
		]),
	],
};
