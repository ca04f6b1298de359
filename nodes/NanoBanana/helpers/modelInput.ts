import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULTS, LIMITS } from './constants';
import {
	DEFAULT_MODEL,
	MODEL_DEFAULT,
	MODELS,
	OUTPUT_FORMATS,
	SAFETY_TOLERANCES,
	THINKING_LEVELS,
	modelById,
	operationOf,
	shortName,
	valuesOf,
	type Choice,
	type ModelSpec,
	type OperationName,
} from './models';
import { itemError } from './errors';
import { readOtherModel, withAdditionalFields } from './otherModel';
import { OTHER_MODEL } from './otherEndpoint';
import { readBoolean, readInteger, readPrompt, show } from './validation';

export interface ModelInput {
	model: ModelSpec;
	endpoint: string;
	/** fal input under fal's names; edit's media and `image_urls` are added after uploads. */
	input: IDataObject;
}

export function readModel(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: OperationName,
): ModelSpec {
	const value = ctx.getNodeParameter('model', itemIndex, DEFAULT_MODEL) as unknown;
	const id = typeof value === 'string' ? value.trim() : undefined;
	if (id === OTHER_MODEL) return readOtherModel(ctx, itemIndex, operation);
	const model = id ? modelById(id) : undefined;
	if (!model) {
		throw itemError(
			ctx,
			itemIndex,
			`The "Model" parameter must be one of ${[...MODELS.map((m) => m.id), OTHER_MODEL].join(', ')}, got ${show(value)}`,
		);
	}
	return model;
}

function readModelChoice(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	choices: Choice[],
	model: ModelSpec,
): string {
	const allowed = valuesOf(choices);
	if (typeof value !== 'string' || !allowed.includes(value)) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${label}" parameter must be one of ${allowed.join(', ')} for ${shortName(model)}, got ${show(value)}`,
		);
	}
	return value;
}

function notOnModel(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	model: ModelSpec,
	has: (m: ModelSpec) => unknown,
) {
	const others = MODELS.filter(has).map(shortName).join(', ');
	return itemError(
		ctx,
		itemIndex,
		`The "${label}" option is not available on ${shortName(model)}; it is for ${others}`,
		model.id === OTHER_MODEL
			? 'Remove the option, and send the field under fal\'s name in "Additional Fields (JSON)", e.g. {"resolution": "2K"}.'
			: 'Remove the option, or choose a model that has it.',
	);
}

/** An option list only some models have: unset, or one of this item's model's values. */
function readOptionalChoice(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	model: ModelSpec,
	choicesOf: (m: ModelSpec) => Choice[] | false | undefined,
): string | undefined {
	if (value === undefined || value === '') return undefined;
	const choices = choicesOf(model);
	if (!choices) throw notOnModel(ctx, itemIndex, label, model, choicesOf);
	return readModelChoice(ctx, itemIndex, label, value, choices, model);
}

/** Fields only some models have: each must belong to this item's model. */
function readModelOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: ModelSpec,
	raw: IDataObject,
): IDataObject {
	const fields: IDataObject = {};
	const resolution = readOptionalChoice(
		ctx,
		itemIndex,
		'Resolution',
		raw.resolution,
		model,
		(m) => m.resolutions,
	);
	if (resolution !== undefined) fields.resolution = resolution;
	if (raw.enableWebSearch !== undefined) {
		const enabled = readBoolean(ctx, itemIndex, 'Enable Web Search', raw.enableWebSearch);
		if (model.enableWebSearch) fields.enable_web_search = enabled;
		else if (enabled) {
			throw notOnModel(ctx, itemIndex, 'Enable Web Search', model, (m) => m.enableWebSearch);
		}
	}
	const thinkingLevel = readOptionalChoice(
		ctx,
		itemIndex,
		'Thinking Level',
		raw.thinkingLevel,
		model,
		(m) => m.thinkingLevel && THINKING_LEVELS,
	);
	if (thinkingLevel !== undefined) fields.thinking_level = thinkingLevel;
	if (raw.systemPrompt !== undefined && raw.systemPrompt !== null) {
		if (typeof raw.systemPrompt !== 'string') {
			throw itemError(
				ctx,
				itemIndex,
				`The "System Prompt" option must be text, got ${show(raw.systemPrompt)}`,
			);
		}
		if (raw.systemPrompt.trim()) {
			if (!model.systemPrompt) {
				throw notOnModel(ctx, itemIndex, 'System Prompt', model, (m) => m.systemPrompt);
			}
			fields.system_prompt = raw.systemPrompt;
		}
	}
	return fields;
}

/** Optional fields every model has; sent only when the user added them. */
function readSharedOptions(ctx: IExecuteFunctions, itemIndex: number, raw: IDataObject) {
	const fields: IDataObject = {};
	if (raw.seed !== undefined) {
		fields.seed = readInteger(ctx, itemIndex, 'Seed', raw.seed, 0, Number.MAX_SAFE_INTEGER);
	}
	if (raw.safetyTolerance !== undefined) {
		const value = String(raw.safetyTolerance);
		if (!valuesOf(SAFETY_TOLERANCES).includes(value)) {
			throw itemError(
				ctx,
				itemIndex,
				`The "Safety Tolerance" option must be one of ${valuesOf(SAFETY_TOLERANCES).join(', ')}, got ${show(raw.safetyTolerance)}`,
			);
		}
		fields.safety_tolerance = value;
	}
	if (raw.limitGenerations !== undefined) {
		fields.limit_generations = readBoolean(
			ctx,
			itemIndex,
			'Limit Generations',
			raw.limitGenerations,
		);
	}
	return fields;
}

/**
 * One item's request for its model and operation, under fal's names. Every
 * value is checked against that item's model, so nothing reaches fal (or is
 * paid for) that the model would refuse.
 */
export function readModelInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: OperationName,
	rawOptions: IDataObject,
): ModelInput {
	const model = readModel(ctx, itemIndex, operation);
	const spec = operationOf(model, operation);
	if (!spec) {
		const others = MODELS.filter((m) => operationOf(m, operation)).map(shortName);
		throw itemError(
			ctx,
			itemIndex,
			`${shortName(model)} cannot edit images: fal serves no edit endpoint for it`,
			`Choose a model that edits (${others.join(', ')}), or use Generate Image.`,
		);
	}
	const chosenRatio = ctx.getNodeParameter('aspectRatio', itemIndex, MODEL_DEFAULT);
	// Unset or "Model Default": this item's model's own default, whatever model another item has;
	// none known (Other Family Endpoint): left out, so fal applies its own.
	const aspectRatio =
		chosenRatio === MODEL_DEFAULT || chosenRatio === '' || chosenRatio === undefined
			? spec.defaultAspectRatio
			: chosenRatio;
	const input: IDataObject = {
		prompt: readPrompt(ctx, itemIndex),
		num_images: readInteger(
			ctx,
			itemIndex,
			'Number of Images',
			ctx.getNodeParameter('numImages', itemIndex, DEFAULTS.numImages),
			1,
			LIMITS.maxImages,
		),
		output_format: readModelChoice(
			ctx,
			itemIndex,
			'Output Format',
			ctx.getNodeParameter('outputFormat', itemIndex, DEFAULTS.outputFormat),
			OUTPUT_FORMATS,
			model,
		),
		...(aspectRatio === undefined
			? {}
			: {
					aspect_ratio: readModelChoice(
						ctx,
						itemIndex,
						'Aspect Ratio',
						aspectRatio,
						spec.aspectRatios,
						model,
					),
				}),
		sync_mode: readBoolean(
			ctx,
			itemIndex,
			'Sync Mode',
			ctx.getNodeParameter('syncMode', itemIndex, false),
		),
		...readSharedOptions(ctx, itemIndex, rawOptions),
		...readModelOptions(ctx, itemIndex, model, rawOptions),
	};
	if (model.id === OTHER_MODEL) {
		return {
			model,
			endpoint: spec.endpoint,
			input: withAdditionalFields(ctx, itemIndex, operation, input),
		};
	}
	return { model, endpoint: spec.endpoint, input };
}
