import type { IDataObject } from 'n8n-workflow';

import type { OperationName } from './models';

/**
 * Model "Other Family Endpoint": a fal endpoint of the family the node does not know yet, called
 * with the fields every family member shares plus Additional Fields (JSON). fal's 422 judges the rest.
 */
export const OTHER_MODEL = 'other';
export const OTHER_MODEL_NAME = 'Other Family Endpoint';

/** owner/name or owner/name/edit, where name is a Nano Banana or Gemini image model. */
const ENDPOINT_ID = /^([a-z0-9][a-z0-9_-]*)\/([a-z0-9][a-z0-9._-]*)(\/edit)?$/i;
const FAMILY_NAME = /nano-banana|gemini/i;

export const ENDPOINT_ID_RULE =
	'an ID shaped owner/name or owner/name/edit whose name contains "nano-banana" or "gemini", e.g. google/nano-banana-2.1 or google/nano-banana-2.1/edit';

/** Why an endpoint ID cannot be used for the operation, or undefined when it can. */
export function endpointIdProblem(id: string, operation: OperationName): string | undefined {
	const match = ENDPOINT_ID.exec(id);
	if (!match || !FAMILY_NAME.test(match[2])) return `must be ${ENDPOINT_ID_RULE}`;
	const isEdit = match[3] !== undefined;
	if (operation === 'edit' && !isEdit) return `must end in /edit for Edit Image, e.g. ${id}/edit`;
	if (operation === 'generate' && isEdit) {
		return `ends in /edit, which is for Edit Image; for Generate Image use ${id.slice(0, -'/edit'.length)}`;
	}
	return undefined;
}

/** Where each field the node sends comes from, to name both sides of a clash. */
export const SHARED_FIELD_LABELS: Record<string, string> = {
	prompt: 'Prompt',
	num_images: 'Number of Images',
	output_format: 'Output Format',
	aspect_ratio: 'Aspect Ratio',
	sync_mode: 'Sync Mode',
	seed: 'Seed',
	safety_tolerance: 'Safety Tolerance',
	limit_generations: 'Limit Generations',
	image_urls: 'Input Binary Fields / Image URLs',
};

/** Additional Fields (JSON) as an object: parsed when text, or why it is not one. */
export function parseAdditionalFields(value: unknown): IDataObject | string {
	let parsed = value;
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value) as unknown;
		} catch (error) {
			return `is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return 'must be a JSON object, e.g. {"resolution": "2K"}';
	}
	return parsed as IDataObject;
}

/** Fields the additional object sets that the node already sends: a clash, never a silent override. */
export function clashingFields(sent: string[], additional: IDataObject): string[] {
	return Object.keys(additional).filter((field) => sent.includes(field));
}
