import type { ChatMessage, ChatReply, ToolCall } from './types';

let counter = 0;

function toolCalls(reply: Extract<ChatReply, { toolCalls: unknown }>): ToolCall[] {
	return reply.toolCalls.map((call) => ({
		id: `call_${++counter}`,
		type: 'function',
		function: { name: call.name, arguments: JSON.stringify(call.arguments) },
	}));
}

function assistantMessage(reply: ChatReply): ChatMessage & { finish: string } {
	return 'toolCalls' in reply
		? { role: 'assistant', content: null, tool_calls: toolCalls(reply), finish: 'tool_calls' }
		: { role: 'assistant', content: reply.content, finish: 'stop' };
}

const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

/** A non-streaming `chat.completion` object. */
export function completion(model: string, reply: ChatReply): Record<string, unknown> {
	const { finish, ...message } = assistantMessage(reply);
	return {
		id: `chatcmpl-${++counter}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
		usage,
	};
}

/**
 * The same answer as `chat.completion.chunk` events, split the way OpenAI streams: the role
 * first, then content or each tool call (id and name, then the arguments), then the finish
 * reason and a usage chunk when asked for.
 */
export function completionChunks(
	model: string,
	reply: ChatReply,
	includeUsage: boolean,
): Array<Record<string, unknown>> {
	const id = `chatcmpl-${++counter}`;
	const created = Math.floor(Date.now() / 1000);
	const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	});
	const { finish, ...message } = assistantMessage(reply);
	const chunks: Array<Record<string, unknown>> = [
		chunk({ role: 'assistant', content: message.content === null ? null : '' }),
	];
	if (message.tool_calls) {
		message.tool_calls.forEach((call, index) => {
			chunks.push(
				chunk({
					tool_calls: [
						{
							index,
							id: call.id,
							type: 'function',
							function: { name: call.function.name, arguments: '' },
						},
					],
				}),
				chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }),
			);
		});
	} else if (typeof message.content === 'string') {
		// Two pieces, so a client that only keeps the last delta would be caught.
		const half = Math.ceil(message.content.length / 2);
		chunks.push(chunk({ content: message.content.slice(0, half) }));
		chunks.push(chunk({ content: message.content.slice(half) }));
	}
	chunks.push(chunk({}, finish));
	if (includeUsage)
		chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
	return chunks;
}
