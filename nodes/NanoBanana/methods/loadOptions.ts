import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { aspectRatioChoices, resolutionChoices } from '../helpers/models';

// The choices come from the model registry alone: no network call, so the editor lists them offline.

export async function getAspectRatios(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return aspectRatioChoices(
		this.getCurrentNodeParameter('model'),
		this.getCurrentNodeParameter('operation'),
	);
}

export async function getResolutions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return resolutionChoices(this.getCurrentNodeParameter('model'));
}
