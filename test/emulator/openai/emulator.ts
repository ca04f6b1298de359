import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readBody } from '../http';
import { completion, completionChunks } from './completion';
import type { ChatReply, ChatRequest, ChatScript, RecordedChatRequest } from './types';

export interface ChatEmulatorOptions {
	/** 0 (default): a free port on 127.0.0.1. */
	port?: number;
	/** The only key accepted as `Authorization: Bearer <key>`. */
	apiKey?: string;
	/** Answers each chat request; replaceable at run time with `script = …`. */
	script?: ChatScript;
}

export const DEFAULT_CHAT_KEY = 'chat-emulator-key';

const politeDefault: ChatScript = () => ({ content: 'No script is set on the chat emulator.' });

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

function openAiError(res: ServerResponse, status: number, message: string, type: string): void {
	send(res, status, { error: { message, type, param: null, code: null } });
}

/**
 * An OpenAI-compatible chat-completions server with scripted answers, for n8n's OpenAI Chat
 * Model: `GET /v1/models` and `POST /v1/chat/completions` with `tools`, answered as JSON or,
 * when the request says `stream: true`, as server-sent `chat.completion.chunk` events ending
 * with `[DONE]`. Every request is recorded.
 */
export class ChatEmulator {
	readonly requests: RecordedChatRequest[] = [];

	script: ChatScript;

	private turn = 0;

	private readonly sockets = new Set<Socket>();

	private constructor(
		private readonly server: Server,
		readonly apiKey: string,
		script: ChatScript,
	) {
		this.script = script;
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	static async start(options: ChatEmulatorOptions = {}): Promise<ChatEmulator> {
		const server = createServer();
		const emulator = new ChatEmulator(
			server,
			options.apiKey ?? DEFAULT_CHAT_KEY,
			options.script ?? politeDefault,
		);
		server.on('request', (req, res) => {
			emulator.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) openAiError(res, 500, String(error), 'server_error');
				else res.end();
			});
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
		});
		return emulator;
	}

	/** The base URL for an `openAiApi` credential's Base URL field. */
	get baseUrl(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
	}

	/** Chat-completion requests only, in arrival order. */
	chatRequests(): ChatRequest[] {
		return this.requests.flatMap((request) => (request.body ? [request.body] : []));
	}

	/** Forgets the records and restarts turn counting; the script stays unless given. */
	reset(script?: ChatScript): void {
		this.requests.length = 0;
		this.turn = 0;
		if (script) this.script = script;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
		const record: RecordedChatRequest = {
			method: req.method ?? 'GET',
			path,
			authorization: req.headers.authorization,
			answered: 'error',
		};
		this.requests.push(record);
		const raw = await readBody(req);

		if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
			openAiError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
			return;
		}
		if (req.method === 'GET' && path === '/v1/models') {
			record.answered = 'models';
			send(res, 200, {
				object: 'list',
				data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'emulator' }],
			});
			return;
		}
		if (req.method !== 'POST' || path !== '/v1/chat/completions') {
			openAiError(res, 404, `Unknown request URL: ${req.method} ${path}`, 'invalid_request_error');
			return;
		}
		let body: ChatRequest;
		try {
			body = JSON.parse(raw.toString('utf8')) as ChatRequest;
		} catch {
			openAiError(res, 400, 'The request body is not valid JSON.', 'invalid_request_error');
			return;
		}
		record.body = body;
		if (!Array.isArray(body.messages) || !body.messages.length) {
			openAiError(res, 400, "'messages' must be a non-empty array.", 'invalid_request_error');
			return;
		}
		const reply: ChatReply = this.script(body, this.turn++);
		const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini';
		if (body.stream === true) {
			record.answered = 'stream';
			const options = body.stream_options as { include_usage?: boolean } | undefined;
			res.writeHead(200, {
				'content-type': 'text/event-stream',
				'cache-control': 'no-cache',
				connection: 'keep-alive',
			});
			for (const chunk of completionChunks(model, reply, options?.include_usage === true)) {
				res.write(`data: ${JSON.stringify(chunk)}\n\n`);
			}
			res.end('data: [DONE]\n\n');
			return;
		}
		record.answered = 'json';
		send(res, 200, completion(model, reply));
	}
}
