import type { INodeTypeDescription } from 'n8n-workflow';
import { combinations, expectedPanel, unreachable } from './description';

/** A description shaped like the node once it has models: per-model fields and options. */
const withModels = {
	displayName: 'Example',
	name: 'example',
	group: ['transform'],
	version: 1,
	description: '',
	defaults: { name: 'Example' },
	inputs: ['main'],
	outputs: ['main'],
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			options: [
				{ name: 'Generate Image', value: 'generate' },
				{ name: 'Edit Image', value: 'edit' },
			],
			default: 'generate',
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'options',
			options: [
				{ name: 'Nano Banana', value: 'nano-banana' },
				{ name: 'Nano Banana Pro', value: 'nano-banana-pro' },
				{
					name: 'Edit Only',
					value: 'edit-only',
					displayOptions: { show: { '/operation': ['edit'] } },
				},
			],
			default: 'nano-banana',
		},
		{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' },
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			options: [{ name: '1K', value: '1K' }],
			default: '1K',
			displayOptions: { show: { model: ['nano-banana-pro'] } },
		},
		{
			displayName: 'Image URLs',
			name: 'imageUrls',
			type: 'string',
			default: '',
			displayOptions: { show: { operation: ['edit'] } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			default: {},
			options: [
				{ displayName: 'Seed', name: 'seed', type: 'number', default: 0 },
				{
					displayName: 'Web Search',
					name: 'webSearch',
					type: 'boolean',
					default: false,
					displayOptions: { show: { '/model': ['nano-banana-pro'] } },
				},
			],
		},
	],
} as unknown as INodeTypeDescription;

describe('expected parameter panels', () => {
	it('walks every operation and every model that operation offers', () => {
		expect(combinations(withModels).map((c) => c.map((axis) => axis.value).join('/'))).toEqual([
			'generate/nano-banana',
			'generate/nano-banana-pro',
			'edit/nano-banana',
			'edit/nano-banana-pro',
			'edit/edit-only',
		]);
	});

	it('promises per-model fields and collection options only where displayOptions show them', () => {
		const [, generatePro, editBasic] = combinations(withModels);
		expect(expectedPanel(withModels, generatePro)).toEqual({
			fields: ['Operation', 'Model', 'Prompt', 'Resolution', 'Options'],
			collections: { Options: ['Seed', 'Web Search'] },
		});
		expect(expectedPanel(withModels, editBasic)).toEqual({
			fields: ['Operation', 'Model', 'Prompt', 'Image URLs', 'Options'],
			collections: { Options: ['Seed'] },
		});
	});

	it('names a field no combination shows', () => {
		const broken = {
			...withModels,
			properties: [
				...withModels.properties,
				{
					displayName: 'Orphan',
					name: 'orphan',
					type: 'string',
					default: '',
					displayOptions: { show: { operation: ['gone'] } },
				},
			],
		} as INodeTypeDescription;
		expect(unreachable(withModels)).toEqual([]);
		expect(unreachable(broken)).toEqual(['Orphan']);
	});

	it('counts a field shown once a switch is turned as reachable, and only then', () => {
		const behindSwitch = (shownWhen: boolean) =>
			({
				...withModels,
				properties: [
					...withModels.properties,
					{ displayName: 'Wait', name: 'wait', type: 'boolean', default: true },
					{
						displayName: 'Hook',
						name: 'hook',
						type: 'string',
						default: '',
						displayOptions: { show: { wait: [shownWhen] } },
					},
					{
						displayName: 'Never',
						name: 'never',
						type: 'string',
						default: '',
						displayOptions: { show: { wait: ['maybe'] } },
					},
				],
			}) as INodeTypeDescription;
		expect(unreachable(behindSwitch(false))).toEqual(['Never']);
		expect(unreachable(behindSwitch(true))).toEqual(['Never']);
	});
});
