import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { agentToolError, runsAsAgentTool } from './helpers/toolError';
import { getAspectRatios, getResolutions } from './methods/loadOptions';

export class NanoBanana implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nano Banana',
		name: 'nanoBanana',
		icon: { light: 'file:nanoBanana.svg', dark: 'file:nanoBanana.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "edit" ? "Edit Image" : $parameter["operation"] === "getResult" ? "Get Result" : "Generate Image" }}',
		description:
			"Generate and edit images with Google's Nano Banana models (Nano Banana, 2, Pro, Lite and 2 Lite) on fal.ai",
		defaults: { name: 'Nano Banana' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'falNanoBananaApi', required: true }],
		properties: versionDescription.properties,
	};

	methods = { loadOptions: { getAspectRatios, getResolutions } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (!runsAsAgentTool(this)) return await router.call(this);
		// n8n's AI Agent hands the model an empty tool result when a tool throws: answer with the error.
		return await router.call(this).catch(agentToolError);
	}
}
