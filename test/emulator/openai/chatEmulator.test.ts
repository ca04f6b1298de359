import { ChatEmulator, type ChatRequest } from '.';

const tools = [
	{
		type: 'function',
		function: {
			name: 'Nano_Banana',
			parameters: { type: 'object', properties: { prompt: { type: 'string' } } },
		},
	},
];

describe('chat emulator', () => {
	let chat: ChatEmulator;

	beforeAll(async () => {
		chat = await ChatEmulator.start({
			script: (request, turn) =>
				turn === 0
					? {
							toolCalls: [
								{ name: request.tools![0].function.name, arguments: { prompt: 'a cat' } },
							],
						}
					: { content: 'done: https://v3.fal.media/files/x.png' },
		});
	});
	afterAll(async () => await chat.close());
	beforeEach(() => chat.reset());

	async function post(body: Record<string, unknown>, key = chat.apiKey) {
		return await fetch(`${chat.baseUrl}/chat/completions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				model: 'gpt-4o-mini',
				messages: [{ role: 'user', content: 'hi' }],
				...body,
			}),
		});
	}

	it('answers a tool call, then text, as chat.completion objects, and records both requests', async () => {
		const first = (await (await post({ tools })).json()) as {
			choices: Array<{
				message: { tool_calls: Array<{ function: { name: string; arguments: string } }> };
				finish_reason: string;
			}>;
		};
		expect(first.choices[0].finish_reason).toBe('tool_calls');
		expect(first.choices[0].message.tool_calls[0].function.name).toBe('Nano_Banana');
		expect(JSON.parse(first.choices[0].message.tool_calls[0].function.arguments)).toEqual({
			prompt: 'a cat',
		});

		const second = (await (await post({ tools })).json()) as {
			choices: Array<{ message: { content: string }; finish_reason: string }>;
		};
		expect(second.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: { content: 'done: https://v3.fal.media/files/x.png' },
		});
		expect(chat.chatRequests().map((r: ChatRequest) => r.tools?.length)).toEqual([1, 1]);
	});

	it('streams the same answers as server-sent chunks ending with [DONE]', async () => {
		const read = async () => {
			const text = await (
				await post({ tools, stream: true, stream_options: { include_usage: true } })
			).text();
			const events = text
				.split('\n\n')
				.filter(Boolean)
				.map((e) => e.replace(/^data: /, ''));
			expect(events.pop()).toBe('[DONE]');
			return events.map(
				(e) =>
					JSON.parse(e) as {
						choices: Array<{ delta: Record<string, any>; finish_reason: string | null }>;
						usage?: unknown;
					},
			);
		};
		const calls = await read();
		const args = calls
			.flatMap((c) => c.choices.map((ch) => ch.delta.tool_calls?.[0]?.function?.arguments ?? ''))
			.join('');
		expect(JSON.parse(args)).toEqual({ prompt: 'a cat' });
		expect(calls.flatMap((c) => c.choices.map((ch) => ch.finish_reason)).filter(Boolean)).toEqual([
			'tool_calls',
		]);
		expect(calls[calls.length - 1].usage).toBeDefined();

		const text = await read();
		expect(text.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? '')).join('')).toBe(
			'done: https://v3.fal.media/files/x.png',
		);
		expect(chat.requests.map((r) => r.answered)).toEqual(['stream', 'stream']);
	});

	it('refuses a wrong key with an OpenAI-style 401 and lists a model', async () => {
		const refused = await post({}, 'wrong');
		expect(refused.status).toBe(401);
		expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
			/API key/,
		);
		const models = await fetch(`${chat.baseUrl}/models`, {
			headers: { authorization: `Bearer ${chat.apiKey}` },
		});
		expect(((await models.json()) as { data: unknown[] }).data).toHaveLength(1);
	});
});
