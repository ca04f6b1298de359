import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { aspectRatioChoices, DEFAULT_MODEL, resolutionChoices } from '../helpers/models';

// The choices come from the model registry alone: no network call, so the editor lists them offline.

/**
 * The model as the editor sends it: absent when left at its default (n8n stores no defaults),
 * null or an expression when the editor cannot tell yet which model an item will get.
 */
function currentModel(ctx: ILoadOptionsFunctions): unknown {
	const model = ctx.getCurrentNodeParameter('model');
	return model === undefined ? DEFAULT_MODEL : model;
}

export async function getAspectRatios(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const operation = this.getCurrentNodeParameter('operation') ?? 'generate';
	return aspectRatioChoices(currentModel(this), operation);
}

export async function getResolutions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return resolutionChoices(currentModel(this));
}
