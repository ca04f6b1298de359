import assert from 'node:assert/strict';
import type { ChatRequest } from '../../emulator/openai';
import { VALID_KEY } from '../emulator';
import type { WorkflowInput } from '../harness';
import { imageAgentScript, nanoBananaTool } from './agentScript';
import { OPENAI } from './credentials';
import { okItems } from './expect';
import type { Case, CaseContext } from './types';
import { node, packageNode, startNode } from './workflow';

const AGENT = 'AI Agent';
const TOOL = 'Nano Banana';

/**
 * The AI Agent versions run: 2.2 (the tool runs inside the agent) on both lines, and the version
 * each line's editor gives a new AI Agent node (3.1 on n8n 2.x, 3 on 1.x), whose tool calls the
 * workflow engine runs; that needs the v1 execution order every e2e workflow is imported with.
 */
const AGENT_VERSIONS: Array<{ version: number; lines?: string[] }> = [
	{ version: 2.2 },
	{ version: 3.1, lines: ['2'] },
	{ version: 3, lines: ['1'] },
];

/** The prompt the scripted model picks; unique per line and agent, as they share one fal emulator. */
function agentPrompt(ctx: CaseContext, version: number, subject: string): string {
	return `agent ${version} on n8n ${ctx.line.name}: ${subject}`;
}

/**
 * Manual Trigger → AI Agent with an OpenAI Chat Model (the chat emulator) and the Nano Banana node
 * as its tool.
 */
export function agentWorkflow(
	ctx: CaseContext,
	version: number,
	task: string,
	fromAi: Record<string, string>,
): WorkflowInput {
	const toolParameters: Record<string, unknown> = {
		operation: 'generate',
		numImages: 1,
		outputFormat: 'png',
		aspectRatio: '1:1',
	};
	for (const [name, description] of Object.entries(fromAi)) {
		toolParameters[name] = `={{ $fromAI('${name}', '${description}', 'string') }}`;
	}
	return {
		nodes: [
			startNode(),
			node(
				AGENT,
				'@n8n/n8n-nodes-langchain.agent',
				version,
				{ promptType: 'define', text: task, options: {} },
				220,
			),
			{
				...node(
					'OpenAI Chat Model',
					'@n8n/n8n-nodes-langchain.lmChatOpenAi',
					1.2,
					{ model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
					140,
					220,
				),
				credentials: { openAiApi: OPENAI },
			},
			packageNode(TOOL, ctx.n8n.nodeType('nanoBananaTool'), toolParameters, 320, { y: 220 }),
		],
		connections: {
			Start: { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: AGENT, type: 'ai_languageModel', index: 0 }]],
			},
			[TOOL]: { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] },
		},
	};
}

function toolMessage(request: ChatRequest | undefined): string {
	const message = request?.messages.find((m) => m.role === 'tool');
	assert.ok(message, `the second chat request carries no tool message: ${JSON.stringify(request)}`);
	return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
}

/** The agent's answer: the `output` field of its one item. */
function agentOutput(result: Parameters<Case['check']>[0]): string {
	const [item] = okItems(result, AGENT);
	assert.ok(item, 'the agent produced no item');
	return String(item.json.output);
}

/** Checks shared by the cases where fal succeeds; returns the tool result the model saw. */
function checkImageTurn(ctx: CaseContext, result: Parameters<Case['check']>[0], prompt: string) {
	const output = agentOutput(result);
	const requests = ctx.chat.chatRequests();
	assert.equal(requests.length, 2, `expected 2 chat requests, got ${requests.length}`);
	nanoBananaTool(requests[0]);

	const submitted = ctx.emu.submissions().filter((job) => job.input.prompt === prompt);
	assert.equal(submitted.length, 1, `fal did not receive the agent's prompt "${prompt}" once`);
	const [job] = submitted;
	const urls = (job.output?.images ?? []).map((image) => image.url);
	assert.ok(urls.length, 'fal produced no image');

	const seen = toolMessage(requests[1]);
	for (const url of urls) assert.ok(seen.includes(url), `tool result lacks ${url}: ${seen}`);
	// The tool message is JSON text: the description appears as a JSON string body.
	assert.ok(
		seen.includes(JSON.stringify(String(job.output?.description)).slice(1, -1)),
		`tool result lacks the description: ${seen}`,
	);
	assert.doesNotMatch(seen, /data:image\//, 'tool result carries a data URI');
	assert.doesNotMatch(seen, /[A-Za-z0-9+/]{200,}={0,2}/, 'tool result carries base64 data');
	for (const url of urls) assert.ok(output.includes(url), `agent output lacks ${url}: ${output}`);
	return { job, seen };
}

/** The agent cases for one AI Agent version. */
function casesFor(version: number, lines?: string[]): Case[] {
	const ask = (ctx: CaseContext, subject: string) => agentPrompt(ctx, version, subject);
	const cases: Case[] = [
		{
			name: `agent ${version}: the AI Agent calls Nano Banana as a tool and answers with the image URL`,
			workflow: (ctx) =>
				agentWorkflow(ctx, version, 'Draw a cat astronaut and give me the link.', {
					prompt: 'What the image should show',
				}),
			before(ctx) {
				ctx.chat.reset(
					imageAgentScript({
						arguments: { prompt: ask(ctx, 'a cat astronaut, watercolor') },
					}),
				);
			},
			check(result, ctx) {
				checkImageTurn(ctx, result, ask(ctx, 'a cat astronaut, watercolor'));
			},
		},
		{
			name: `agent ${version}: the model the agent chose reaches fal`,
			workflow: (ctx) =>
				agentWorkflow(ctx, version, 'Draw a lighthouse with Nano Banana 2.', {
					prompt: 'What the image should show',
					model: 'Which Nano Banana model to use',
				}),
			before(ctx) {
				ctx.chat.reset(
					imageAgentScript({
						arguments: { prompt: ask(ctx, 'a lighthouse at dusk'), model: 'nano-banana-2' },
					}),
				);
			},
			check(result, ctx) {
				const tool = nanoBananaTool(ctx.chat.chatRequests()[0] ?? { model: '', messages: [] });
				assert.ok(
					'model' in (tool.function.parameters?.properties ?? {}),
					`the tool schema offers no "model" argument: ${JSON.stringify(tool.function.parameters)}`,
				);
				const { job } = checkImageTurn(ctx, result, ask(ctx, 'a lighthouse at dusk'));
				assert.equal(job.endpoint, 'fal-ai/nano-banana-2');
			},
		},
		{
			name: `agent ${version}: a fal failure inside the tool reaches the agent as a readable error`,
			workflow: (ctx) =>
				agentWorkflow(ctx, version, 'Draw something fal will refuse.', {
					prompt: 'What the image should show',
				}),
			before(ctx) {
				ctx.chat.reset(imageAgentScript({ arguments: { prompt: ask(ctx, 'refused by fal') } }));
				ctx.emu.failNext('submit', {
					kind: 'http',
					status: 422,
					body: {
						detail: [
							{
								loc: ['body', 'prompt'],
								msg: 'The prompt was flagged by the content checker',
								type: 'content_policy_violation',
							},
						],
					},
				});
			},
			check(result, ctx) {
				const output = agentOutput(result);
				const requests = ctx.chat.chatRequests();
				assert.equal(requests.length, 2, `expected 2 chat requests, got ${requests.length}`);
				const seen = toolMessage(requests[1]);
				assert.match(
					seen,
					/flagged by the content checker/,
					`tool result: ${JSON.stringify(requests[1].messages)}`,
				);
				assert.ok(!seen.includes(VALID_KEY), 'the error shows the API key');
				assert.match(output, /flagged by the content checker/);
			},
		},
	];
	return cases.map((c) => ({ ...c, lines }));
}

export const agentCases: Case[] = AGENT_VERSIONS.flatMap(({ version, lines }) =>
	casesFor(version, lines),
);
