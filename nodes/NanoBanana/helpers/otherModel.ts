import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemError } from './errors';
import { aspectRatioChoices, MODEL_DEFAULT, type ModelSpec, type OperationName } from './models';
import {
	clashingFields,
	endpointIdProblem,
	OTHER_MODEL,
	OTHER_MODEL_NAME,
	parseAdditionalFields,
	SHARED_FIELD_LABELS,
} from './otherEndpoint';
import { show } from './validation';

/**
 * The item's Other Family Endpoint as a model: the endpoint ID it names, every aspect ratio some
 * family member accepts, fal's own default, and none of the fields only some models have.
 */
export function readOtherModel(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: OperationName,
): ModelSpec {
	const value = ctx.getNodeParameter('endpointId', itemIndex, '') as unknown;
	const id = typeof value === 'string' ? value.trim() : '';
	const problem = id ? endpointIdProblem(id, operation) : 'is empty';
	if (problem) {
		throw itemError(
			ctx,
			itemIndex,
			`The "Endpoint ID" parameter ${problem}, got ${show(value)}`,
			"Other Family Endpoint calls a Nano Banana or Gemini image endpoint on fal that the node does not list yet. Find its ID on the model's fal page.",
		);
	}
	const spec = {
		endpoint: id,
		aspectRatios: aspectRatioChoices(undefined, operation).filter((c) => c.value !== MODEL_DEFAULT),
	};
	return {
		id: OTHER_MODEL,
		displayName: OTHER_MODEL_NAME,
		description: '',
		generate: spec,
		edit: spec,
		enableWebSearch: false,
		thinkingLevel: false,
		systemPrompt: false,
		editMedia: false,
	};
}

/** Additional Fields (JSON) merged into the body; a field the node already sends is an error naming both. */
export function withAdditionalFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: OperationName,
	input: IDataObject,
): IDataObject {
	const additional = parseAdditionalFields(ctx.getNodeParameter('additionalFields', itemIndex, ''));
	if (typeof additional === 'string') {
		throw itemError(ctx, itemIndex, `The "Additional Fields (JSON)" parameter ${additional}`);
	}
	const sent = [...Object.keys(input), ...(operation === 'edit' ? ['image_urls'] : [])];
	const clashes = clashingFields(sent, additional);
	if (clashes.length > 0) {
		const list = clashes.map(
			(field) => `"${field}" (already set by "${SHARED_FIELD_LABELS[field] ?? field}")`,
		);
		throw itemError(
			ctx,
			itemIndex,
			`"Additional Fields (JSON)" sets ${list.join(', ')}`,
			"Set each field in one place: remove it from Additional Fields (JSON), or use the node's own parameter.",
		);
	}
	return { ...input, ...additional };
}
