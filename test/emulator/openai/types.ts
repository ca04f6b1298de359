/** The subset of OpenAI's chat-completions request that n8n's OpenAI Chat Model sends. */
export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool' | string;
	content?: string | Array<{ type: string; text?: string }> | null;
	tool_calls?: ToolCall[];
	tool_call_id?: string;
	name?: string;
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ToolDefinition {
	type: 'function';
	function: { name: string; description?: string; parameters?: JsonSchema };
}

export interface JsonSchema {
	type?: string;
	properties?: Record<string, JsonSchema & { description?: string }>;
	required?: string[];
	[key: string]: unknown;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ToolDefinition[];
	stream?: boolean;
	[key: string]: unknown;
}

/** What the scripted model answers: either tool calls or a final text. */
export type ChatReply =
	{ toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> } | { content: string };

/** Decides the model's answer for one request; `turn` counts the requests since the last reset. */
export type ChatScript = (request: ChatRequest, turn: number) => ChatReply;

export interface RecordedChatRequest {
	method: string;
	path: string;
	authorization: string | undefined;
	/** Parsed JSON body (chat completions only). */
	body?: ChatRequest;
	/** What was answered: `stream` when sent as server-sent events. */
	answered: 'json' | 'stream' | 'models' | 'error';
}
