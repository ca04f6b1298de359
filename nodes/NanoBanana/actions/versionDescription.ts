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
