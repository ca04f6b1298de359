import assert from 'node:assert/strict';

import type { WorkflowInput } from '../harness';
import { VALID, CREDENTIAL_TYPE } from './credentials';
import { checkImageItem, failure, okItems } from './expect';
import type { Case, CaseContext } from './types';
import {
	chainWorkflow,
	nanoBananaWorkflow,
	node,
	NODE_NAME,
	packageNode,
	startNode,
	type WorkflowNode,
} from './workflow';

const ROWS = 'Rows';
const SPLIT = 'One Item per Row';

/** Start → rows made by n8n's own Set and Split Out nodes → Nano Banana (→ more nodes). */
export function rowsWorkflow(
	ctx: CaseContext,
	rows: Array<Record<string, unknown>>,
	parameters: Record<string, unknown>,
	nodeSettings: Record<string, unknown> = {},
	after: WorkflowNode[] = [],
): WorkflowInput {
	return chainWorkflow([
		startNode(),
		node(
			ROWS,
			'n8n-nodes-base.set',
			3.4,
			{ mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} },
			200,
		),
		node(SPLIT, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'rows', options: {} }, 400),
		{ ...packageNode(NODE_NAME, ctx.n8n.nodeType('nanoBanana'), parameters, 600), ...nodeSettings },
		...after,
	]);
}

/** n8n stores `pairedItem` as `{ item }` or a list of them. */
export function pairedIndex(pairedItem: unknown): number | undefined {
	const first = (Array.isArray(pairedItem) ? pairedItem[0] : pairedItem) as
		{ item?: number } | undefined;
	return first?.item;
}

export const pipelineCases: Case[] = [
	{
		name: 'items: prompts and counts from expressions, each image paired to its row',
		workflow: (ctx) =>
			rowsWorkflow(
				ctx,
				[
					{ city: 'Lisbon', n: 1, ratio: '16:9' },
					{ city: 'Kyoto', n: 2, ratio: '3:4' },
					{ city: 'Lagos', n: 1, ratio: '1:1' },
				],
				{
					prompt: '=A travel poster of {{ $json.city }}',
					numImages: '={{ $json.n }}',
					aspectRatio: '={{ $json.ratio }}',
					outputFormat: 'png',
				},
			),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const items = okItems(result);
			assert.equal(items.length, 4);
			assert.deepEqual(
				items.map((item) => pairedIndex(item.pairedItem)),
				[0, 1, 1, 2],
			);
			assert.deepEqual(
				items.map((item) => item.json.prompt),
				[
					'A travel poster of Lisbon',
					'A travel poster of Kyoto',
					'A travel poster of Kyoto',
					'A travel poster of Lagos',
				],
			);
			items.forEach((item) => checkImageItem(ctx, item, 'image/png'));
			const inputs = ctx.emu.submissions().map((job) => job.input);
			assert.deepEqual(
				inputs.map((input) => [input.prompt, input.num_images, input.aspect_ratio]).sort(),
				[
					['A travel poster of Kyoto', 2, '3:4'],
					['A travel poster of Lagos', 1, '1:1'],
					['A travel poster of Lisbon', 1, '16:9'],
				],
			);
		},
	},
	{
		name: 'continue: with "On Error: Continue" one bad item gets an error item, the others their images',
		workflow: (ctx) =>
			rowsWorkflow(
				ctx,
				[{ subject: 'a lighthouse' }, { subject: '' }, { subject: 'a windmill' }],
				{ prompt: '={{ $json.subject }}' },
				{ onError: 'continueRegularOutput' },
			),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const items = okItems(result);
			assert.equal(items.length, 3);
			checkImageItem(ctx, items[0], 'image/jpeg');
			assert.match(String(items[1].json.error), /"Prompt" parameter is empty \[item 1\]/);
			assert.equal(items[1].binary, undefined);
			checkImageItem(ctx, items[2], 'image/jpeg');
			assert.deepEqual(
				items.map((item) => pairedIndex(item.pairedItem)),
				[0, 1, 2],
			);
			assert.equal(ctx.emu.submissions().length, 2, 'the bad item must cost nothing');
		},
	},
	{
		name: 'failure: a fal 422 names each field fal rejected',
		workflow: (ctx) =>
			nanoBananaWorkflow(ctx.n8n.nodeType('nanoBanana'), {
				operation: 'generate',
				prompt: 'flag me',
			}),
		before: (ctx) =>
			ctx.emu.failNext('submit', {
				kind: 'http',
				status: 422,
				body: {
					detail: [
						{
							loc: ['body', 'prompt'],
							msg: 'Prompt flagged by the safety checker',
							type: 'value_error',
						},
					],
				},
			}),
		check(result) {
			const failed = failure(result);
			assert.equal(failed.node, NODE_NAME);
			assert.match(
				failed.message,
				/fal rejected the input \(422\): prompt: Prompt flagged by the safety checker/,
			);
		},
	},
	{
		name: "downstream: n8n's Read/Write Files node saves the exact image bytes, and Edit reads them",
		workflow: (ctx) =>
			rowsWorkflow(
				ctx,
				[{ subject: 'a paper crane' }],
				{ prompt: '={{ $json.subject }}', outputFormat: 'png' },
				{},
				[
					node(
						'Save',
						'n8n-nodes-base.readWriteFile',
						1,
						{
							operation: 'write',
							fileName: '=saved/{{ $json.fileName }}',
							dataPropertyName: 'data',
							options: {},
						},
						800,
					),
					{
						...node(
							'Edit',
							ctx.n8n.nodeType('nanoBanana'),
							1,
							{
								operation: 'edit',
								prompt: 'make it gold',
								options: { keepInputBinaries: true, binaryPropertyOutput: 'edited' },
							},
							1000,
						),
						credentials: { [CREDENTIAL_TYPE]: VALID },
					},
				],
			),
		before: (ctx) => {
			ctx.emu.reset();
			// n8n's file writer does not create folders.
			ctx.n8n.writeFile('saved/.keep', Buffer.alloc(0));
		},
		check(result, ctx) {
			const [generated] = okItems(result);
			const bytes = checkImageItem(ctx, generated, 'image/png');
			const [saved] = okItems(result, 'Save');
			assert.ok(
				ctx.n8n.readFile(`saved/${String(generated.json.fileName)}`).equals(bytes),
				'the saved file differs',
			);
			assert.equal(String(saved.json.fileName), `saved/${String(generated.json.fileName)}`);
			const [edited] = okItems(result, 'Edit');
			checkImageItem(ctx, edited, 'image/jpeg', 'edited');
			const editJob = ctx.emu
				.submissions()
				.find((job) => job.endpoint === 'fal-ai/nano-banana/edit');
			assert.ok(
				editJob?.receivedImages?.[0]?.bytes?.equals(bytes),
				'fal did not receive the generated bytes',
			);
			assert.ok(
				ctx.n8n.readBinary(edited.binary!.data).equals(bytes),
				'Keep Input Images lost the original',
			);
		},
	},
];
