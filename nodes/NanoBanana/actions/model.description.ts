import type { INodeProperties } from 'n8n-workflow';

import {
	EDIT_MEDIA,
	mediaBinaryParameter,
	mediaUrlParameter,
	MODELS,
	THINKING_LEVELS,
	modelsWith,
	shortName,
	valuesOf,
	type ModelSpec,
	type OperationName,
} from '../helpers/models';

const OPERATIONS: OperationName[] = ['generate', 'edit'];

/** "Nano Banana: 21:9, 16:9 …; Nano Banana 2: …" — what each model accepts, for people and agents. */
function perModel(models: ModelSpec[], values: (model: ModelSpec) => string[] | undefined): string {
	return models
		.map((model) => {
			const list = values(model);
			return `${shortName(model)}: ${list ? list.join(', ') : 'not available'}`;
		})
		.join('; ');
}

const modelOptions = MODELS.map((model) => ({
	name: model.displayName,
	value: model.id,
	description: model.description,
}));

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	options: modelOptions,
	default: 'nano-banana',
	description: `Which Nano Banana model makes the images. Values: ${MODELS.map((m) => m.id).join(', ')}. Each model accepts its own fields; an expression may choose the model per item.`,
};

/**
 * One Aspect Ratio per model and operation with a distinct list or default
 * (operation before model in `show`: n8n shows a field when a condition it
 * checks holds an expression, so the operation must be decided first).
 */
export function aspectRatioProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const model of MODELS) {
		const same =
			JSON.stringify(model.generate.aspectRatios) === JSON.stringify(model.edit.aspectRatios) &&
			model.generate.defaultAspectRatio === model.edit.defaultAspectRatio;
		const groups: OperationName[][] = same ? [OPERATIONS] : OPERATIONS.map((op) => [op]);
		for (const operations of groups) {
			const spec = model[operations[0]];
			// A plain identifier: the scanner's default-missing rule cannot read a member expression.
			const defaultRatio = spec.defaultAspectRatio;
			properties.push({
				displayName: 'Aspect Ratio',
				name: 'aspectRatio',
				type: 'options',
				options: spec.aspectRatios,
				default: defaultRatio,
				description: `Shape of the images. Accepted per model (${operations.join(' and ')}): ${perModel(MODELS, (m) => valuesOf(m[operations[0]].aspectRatios))}.`,
				displayOptions: { show: { operation: operations, model: [model.id] } },
			});
		}
	}
	return properties;
}

/** Model fields that only some models have; in Options, sent only when added. */
export function modelOptionProperties(): INodeProperties[] {
	const resolutions = MODELS.filter((model) => model.resolutions).map((model): INodeProperties => {
		const options = model.resolutions;
		return {
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			options,
			default: '1K',
			description: `Size of the images on their long side: 0.5K ≈ 512 px, 1K ≈ 1024, 2K ≈ 2048, 4K ≈ 4096 (fal bills larger sizes higher). Accepted per model: ${perModel(MODELS, (m) => m.resolutions && valuesOf(m.resolutions))}.`,
			displayOptions: { show: { '/model': [model.id] } },
		};
	});
	return [
		...resolutions,
		{
			displayName: 'Enable Web Search',
			name: 'enableWebSearch',
			type: 'boolean',
			default: false,
			description: `Whether the model may look up current information on the web before drawing (fal bills it extra). Only for ${modelsWith((m) => m.enableWebSearch).join(', ')}.`,
			displayOptions: { show: { '/model': modelsWith((m) => m.enableWebSearch) } },
		},
		{
			displayName: 'Thinking Level',
			name: 'thinkingLevel',
			type: 'options',
			options: THINKING_LEVELS,
			default: 'minimal',
			description: `Whether and how much the model reasons before drawing (minimal or high); left out, it does not think. Only for ${modelsWith((m) => m.thinkingLevel).join(', ')}.`,
			displayOptions: { show: { '/model': modelsWith((m) => m.thinkingLevel) } },
		},
		{
			displayName: 'System Prompt',
			name: 'systemPrompt',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: `Instruction that steers the model's persona and style across the request. Only for ${modelsWith((m) => m.systemPrompt).join(', ')}.`,
			displayOptions: { show: { '/model': modelsWith((m) => m.systemPrompt) } },
		},
	];
}

export function editMediaProperties(): INodeProperties[] {
	const show = {
		operation: ['edit'],
		model: modelsWith((m) => m.editMedia),
	};
	return EDIT_MEDIA.flatMap((media): INodeProperties[] => [
		{
			displayName: `${media.label} URL`,
			name: mediaUrlParameter(media),
			type: 'string',
			default: '',
			placeholder: media.kind === 'video' ? 'e.g. https://www.youtube.com/watch?v=…' : undefined,
			description: `Public http(s) URL of ${media.hint} the model reads as context (up to 15 MB). With a ${media.label.toLowerCase()}, image inputs become optional.`,
			displayOptions: { show },
		},
		{
			displayName: `${media.label} Binary Field`,
			name: mediaBinaryParameter(media),
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description: `Name of a binary field of the input item holding ${media.hint}, uploaded to fal storage (up to 15 MB). Use this or the URL, not both.`,
			displayOptions: { show },
		},
	]);
}
