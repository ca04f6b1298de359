import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { agentToolError, runsAsAgentTool } from '../../nodes/NanoBanana/helpers/toolError';

const node = (type: string) =>
	({ getNode: () => ({ name: 'Nano Banana', type }) }) as unknown as IExecuteFunctions;

describe('agent tool errors', () => {
	it('recognises the tool variant n8n creates for agents', () => {
		expect(runsAsAgentTool(node('n8n-nodes-fal-nano-banana.nanoBananaTool'))).toBe(true);
		expect(runsAsAgentTool(node('n8n-nodes-fal-nano-banana.nanoBanana'))).toBe(false);
	});

	it('returns the node error with its description as the tool result, paired to the call', () => {
		const error = new NodeOperationError(
			{ name: 'Nano Banana' } as never,
			'fal rejected the input (422): prompt: flagged [item 0]',
			{ description: 'Nothing was generated for this item.' },
		);
		expect(agentToolError(error)).toEqual([
			[
				{
					json: {
						error:
							'fal rejected the input (422): prompt: flagged [item 0] Nothing was generated for this item.',
					},
					pairedItem: { item: 0 },
				},
			],
		]);
	});
});
