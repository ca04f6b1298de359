import type { INodeProperties } from 'n8n-workflow';

import {
	EDIT_MEDIA,
	MODEL_DEFAULT,
	mediaBinaryParameter,
	mediaUrlParameter,
	MODELS,
	THINKING_LEVELS,
	modelsWith,
	modelsWithout,
	operationOf,
	shortName,
	valuesOf,
	type ModelSpec,
	type OperationName,
} from '../helpers/models';
import { ENDPOINT_ID_RULE, OTHER_MODEL, OTHER_MODEL_NAME } from '../helpers/otherEndpoint';

/** "Nano Banana: 21:9, 16:9 …; Nano Banana 2: …" — what each model accepts, for people and agents. */
function perModel(models: ModelSpec[], values: (model: ModelSpec) => string[] | undefined): string {
	return models
		.map((model) => {
			const list = values(model);
			return `${shortName(model)}: ${list ? list.join(', ') : 'not available'}`;
		})
		.join('; ');
}

const ratiosFor = (operation: OperationName) => (model: ModelSpec) => {
	const spec = operationOf(model, operation);
	return spec && valuesOf(spec.aspectRatios);
};

const defaultsFor = (operation: OperationName) =>
	MODELS.map((model) => {
		const spec = operationOf(model, operation);
		return spec ? `${shortName(model)} ${spec.defaultAspectRatio}` : undefined;
	})
		.filter(Boolean)
		.join(', ');

const modelOptions = [
	...MODELS.map((model) => ({
		name: model.displayName,
		value: model.id,
		description: model.description,
	})),
	{
		name: OTHER_MODEL_NAME,
		value: OTHER_MODEL,
		description:
			'A newer Nano Banana or Gemini image endpoint on fal, by its ID (e.g. google/nano-banana-2.1), with the shared fields plus your own JSON',
	},
];

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	options: modelOptions,
	default: 'nano-banana',
	description: `Which Nano Banana model makes the images. Values: ${[...MODELS.map((m) => m.id), OTHER_MODEL].join(', ')}. Each model accepts its own fields; an expression may choose the model per item.`,
};

/** Other Family Endpoint: which endpoint, and what the shared fields do not cover. */
export const otherEndpointProperties: INodeProperties[] = [
	{
		displayName: 'Endpoint ID',
		name: 'endpointId',
		type: 'string',
		default: '',
		// Not `required`: n8n would then refuse every workflow whose model is an expression (it
		// counts the field as shown); an empty ID fails only the items that choose "other".
		placeholder: 'e.g. google/nano-banana-2.1',
		description: `The fal endpoint to call: ${ENDPOINT_ID_RULE}. Edit Image needs the /edit endpoint.`,
		displayOptions: { show: { model: [OTHER_MODEL] } },
	},
];

export const additionalFieldsProperty: INodeProperties = {
	displayName: 'Additional Fields (JSON)',
	name: 'additionalFields',
	type: 'json',
	default: '{}',
	placeholder: '{"resolution": "2K"}',
	description:
		"Fields of the endpoint the node has no parameter for, under fal's names, merged into the request. A field the node already sends (prompt, number of images, …) is an error, never overridden. fal checks the rest and names any field it refuses.",
	displayOptions: { show: { model: [OTHER_MODEL] } },
};

/**
 * The editor reloads the lists below when the model changes. Named plainly ('model'), the editor
 * must resolve the model before it loads them and shows an error while the model is an expression
 * it cannot resolve yet (`{{ $json.m }}` before any run); as a path to the same value it resolves
 * it where it can and otherwise asks without it, and the registry answers with every value.
 */
const MODEL_DEPENDENCY = '["model"]';

/**
 * One Aspect Ratio for every model: its choices load from the registry for the chosen model, and
 * "Model Default" lets each item's model apply its own default, also when the model is an expression.
 */
export const aspectRatioProperty: INodeProperties = {
	displayName: 'Aspect Ratio Name or ID',
	name: 'aspectRatio',
	type: 'options',
	typeOptions: {
		loadOptionsMethod: 'getAspectRatios',
		loadOptionsDependsOn: [MODEL_DEPENDENCY, 'operation'],
	},
	default: MODEL_DEFAULT,
	description: `Shape of the images. "Model Default" uses each model's own (generate: ${defaultsFor('generate')}; edit: auto). Accepted for generate: ${perModel(MODELS, ratiosFor('generate'))}. For edit: ${perModel(MODELS, ratiosFor('edit'))}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
};

/**
 * Model fields that only some models have; in Options, sent only when added. Hidden for the models
 * without them (not shown only for the others), so a model chosen by expression still offers them.
 */
export function modelOptionProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Resolution Name or ID',
			name: 'resolution',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getResolutions',
				loadOptionsDependsOn: [MODEL_DEPENDENCY],
			},
			default: '1K',
			description: `Size of the images on their long side: 0.5K ≈ 512 px, 1K ≈ 1024, 2K ≈ 2048, 4K ≈ 4096 (fal bills larger sizes higher). Accepted per model: ${perModel(MODELS, (m) => m.resolutions && valuesOf(m.resolutions))}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
			displayOptions: { hide: { '/model': modelsWithout((m) => m.resolutions) } },
		},
		{
			displayName: 'Enable Web Search',
			name: 'enableWebSearch',
			type: 'boolean',
			default: false,
			description: `Whether the model may look up current information on the web before drawing (fal bills it extra). Only for ${modelsWith((m) => m.enableWebSearch).join(', ')}.`,
			displayOptions: { hide: { '/model': modelsWithout((m) => m.enableWebSearch) } },
		},
		{
			displayName: 'Thinking Level',
			name: 'thinkingLevel',
			type: 'options',
			options: THINKING_LEVELS,
			default: 'minimal',
			description: `Whether and how much the model reasons before drawing (minimal or high); left out, it does not think. Only for ${modelsWith((m) => m.thinkingLevel).join(', ')}.`,
			displayOptions: { hide: { '/model': modelsWithout((m) => m.thinkingLevel) } },
		},
		{
			displayName: 'System Prompt',
			name: 'systemPrompt',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: `Instruction that steers the model's persona and style across the request. Only for ${modelsWith((m) => m.systemPrompt).join(', ')}.`,
			displayOptions: { hide: { '/model': modelsWithout((m) => m.systemPrompt) } },
		},
	];
}

export function editMediaProperties(): INodeProperties[] {
	const displayOptions = {
		show: { operation: ['edit'] },
		hide: { model: modelsWithout((m) => m.editMedia) },
	};
	return EDIT_MEDIA.flatMap((media): INodeProperties[] => [
		{
			displayName: `${media.label} URL`,
			name: mediaUrlParameter(media),
			type: 'string',
			default: '',
			placeholder: media.kind === 'video' ? 'e.g. https://www.youtube.com/watch?v=…' : undefined,
			description: `Public http(s) URL of ${media.hint} the model reads as context (up to 15 MB). With a ${media.label.toLowerCase()}, image inputs become optional. Only for ${modelsWith((m) => m.editMedia).join(', ')}.`,
			displayOptions,
		},
		{
			displayName: `${media.label} Binary Field`,
			name: mediaBinaryParameter(media),
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description: `Name of a binary field of the input item holding ${media.hint}, uploaded to fal storage (up to 15 MB). Use this or the URL, not both. Only for ${modelsWith((m) => m.editMedia).join(', ')}.`,
			displayOptions,
		},
	]);
}
