import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * n8n adds a "Custom API Call" operation to every node whose credential has an `authenticate`
 * block; its value is this key. The node itself makes no arbitrary calls.
 */
export const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

export function customApiCallError(ctx: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		'Custom API calls are made with the HTTP Request node, not with Nano Banana [item 0]',
		{
			itemIndex: 0,
			description:
				'Add an HTTP Request node, set Authentication to "Predefined Credential Type", choose "Fal API" and pick your credential: n8n then sends the API key for you. Or choose Generate Image or Edit Image here.',
		},
	);
}
