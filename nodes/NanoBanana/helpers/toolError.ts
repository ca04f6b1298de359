import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * n8n runs a `usableAsTool` node under the type `<package>.<name>Tool` when an agent calls it
 * (1.x and 2.x alike).
 */
export function runsAsAgentTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * The tool result for a failed call. When a tool node throws, n8n's AI Agent hands the model an
 * empty tool result (1.123 and 2.40 alike); returning the error text lets the model explain the
 * failure or try again. The text is the node error's, already free of the API key.
 */
export function agentToolError(error: unknown): INodeExecutionData[][] {
	const { message, description } = (error ?? {}) as { message?: unknown; description?: unknown };
	const parts = [message, description].filter(
		(part): part is string => typeof part === 'string' && part.length > 0,
	);
	return [[{ json: { error: parts.join(' ') || String(error) }, pairedItem: { item: 0 } }]];
}
