import type { ChatReply, ChatRequest, ChatScript } from '../../emulator/openai';

/** The model's side of the conversation, read from what n8n sent: tools and earlier turns. */
export interface AgentPlan {
	/** Arguments for the Nano Banana tool, keyed by the names n8n put in its schema. */
	arguments: Record<string, string>;
}

function toolMessages(request: ChatRequest): string[] {
	return request.messages
		.filter((message) => message.role === 'tool')
		.map((message) =>
			typeof message.content === 'string'
				? message.content
				: (message.content ?? []).map((part) => part.text ?? '').join(''),
		);
}

/** The function n8n offers for the Nano Banana node (its name is the node's, e.g. `Nano_Banana`). */
export function nanoBananaTool(request: ChatRequest) {
	const tool = request.tools?.find((t) => /nano_?banana/i.test(t.function.name));
	if (!tool) {
		const offered = (request.tools ?? []).map((t) => t.function.name).join(', ') || 'none';
		throw new Error(`n8n offered no Nano Banana tool (tools: ${offered})`);
	}
	return tool;
}

/**
 * A scripted model that behaves like a tool-using assistant: on the first turn it calls the
 * Nano Banana tool, filling every argument its schema asks for that the plan knows; once a tool
 * result is in the conversation it answers with the image URLs and description it read there,
 * or with the error text when the tool failed.
 */
export function imageAgentScript(plan: AgentPlan): ChatScript {
	return (request): ChatReply => {
		const results = toolMessages(request);
		if (!results.length) {
			const tool = nanoBananaTool(request);
			const wanted = Object.keys(tool.function.parameters?.properties ?? {});
			const args = Object.fromEntries(
				wanted.filter((name) => name in plan.arguments).map((name) => [name, plan.arguments[name]]),
			);
			return { toolCalls: [{ name: tool.function.name, arguments: args }] };
		}
		const result = results[results.length - 1];
		const urls = result.match(/https?:\/\/[^\s"'\\]+/g) ?? [];
		if (!urls.length) return { content: `The image tool failed: ${result}` };
		const description = /"description"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(result)?.[1] ?? '';
		return { content: `Here is your image: ${urls.join(' ')} (${description})` };
	};
}
