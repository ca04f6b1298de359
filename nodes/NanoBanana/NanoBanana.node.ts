import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { agentToolError, runsAsAgentTool } from './helpers/toolError';

export class NanoBanana implements INodeType {
	description: INodeTypeDescription = versionDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		try {
			return await router.call(this);
		} catch (error) {
			if (!runsAsAgentTool(this)) throw error;
			return agentToolError(error);
		}
	}
}
