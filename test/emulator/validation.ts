import { isRecord } from './http';
import { ASPECT_RATIOS } from './images/render';
import type { NanoBananaEndpoint } from './types';

/** One entry of a pydantic-style 422 `detail` list, as fal answers it. */
export interface ValidationIssue {
	loc: Array<string | number>;
	msg: string;
	type: string;
	input?: unknown;
	ctx?: Record<string, unknown>;
}

const FORMATS = ['jpeg', 'png', 'webp'];

/** pydantic's wording for enum options: 'a', 'b' or 'c'. */
function enumList(options: readonly string[]): string {
	const quoted = options.map((o) => `'${o}'`);
	return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function enumIssue(field: string, options: readonly string[], input: unknown): ValidationIssue {
	const expected = enumList(options);
	return issue([field], `Input should be ${expected}`, 'enum', input, { expected });
}

function issue(
	field: Array<string | number>,
	msg: string,
	type: string,
	input: unknown,
	ctx?: Record<string, unknown>,
): ValidationIssue {
	return { loc: ['body', ...field], msg, type, input, ...(ctx ? { ctx } : {}) };
}

/** URLs fal accepts for image inputs: http(s) or a data URI. */
export function isAcceptedImageUrl(value: string): boolean {
	if (value.startsWith('data:')) return /^data:[^,]*,/.test(value);
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/**
 * Checks an input like fal's pydantic models: every problem is reported, unknown fields are
 * ignored. Types are checked strictly (no "2" for 2) so a sloppy caller is caught here first.
 */
export function validateInput(endpoint: NanoBananaEndpoint, body: unknown): ValidationIssue[] {
	if (!isRecord(body)) {
		return [
			issue(
				[],
				'Input should be a valid dictionary or object to extract fields from',
				'model_attributes_type',
				body,
			),
		];
	}
	const issues: ValidationIssue[] = [];
	const { prompt, num_images, output_format, aspect_ratio, sync_mode, seed } = body;

	if (prompt === undefined) issues.push(issue(['prompt'], 'Field required', 'missing', body));
	else if (typeof prompt !== 'string')
		issues.push(issue(['prompt'], 'Input should be a valid string', 'string_type', prompt));
	else if (prompt.trim().length === 0) {
		issues.push(
			issue(['prompt'], 'String should have at least 1 character', 'string_too_short', prompt, {
				min_length: 1,
			}),
		);
	}

	if (num_images !== undefined) {
		if (typeof num_images !== 'number' || !Number.isFinite(num_images)) {
			issues.push(issue(['num_images'], 'Input should be a valid integer', 'int_type', num_images));
		} else if (!Number.isInteger(num_images)) {
			issues.push(
				issue(
					['num_images'],
					'Input should be a valid integer, got a number with a fractional part',
					'int_from_float',
					num_images,
				),
			);
		} else if (num_images < 1) {
			issues.push(
				issue(
					['num_images'],
					'Input should be greater than or equal to 1',
					'greater_than_equal',
					num_images,
					{ ge: 1 },
				),
			);
		} else if (num_images > 4) {
			issues.push(
				issue(
					['num_images'],
					'Input should be less than or equal to 4',
					'less_than_equal',
					num_images,
					{ le: 4 },
				),
			);
		}
	}

	if (output_format !== undefined && !FORMATS.includes(output_format as string)) {
		issues.push(enumIssue('output_format', FORMATS, output_format));
	}

	const ratios: string[] =
		endpoint === 'fal-ai/nano-banana/edit' ? ['auto', ...ASPECT_RATIOS] : [...ASPECT_RATIOS];
	if (aspect_ratio !== undefined && !ratios.includes(aspect_ratio as string)) {
		issues.push(enumIssue('aspect_ratio', ratios, aspect_ratio));
	}

	if (sync_mode !== undefined && typeof sync_mode !== 'boolean') {
		issues.push(issue(['sync_mode'], 'Input should be a valid boolean', 'bool_type', sync_mode));
	}

	if (
		seed !== undefined &&
		seed !== null &&
		!(typeof seed === 'number' && Number.isInteger(seed))
	) {
		issues.push(issue(['seed'], 'Input should be a valid integer', 'int_type', seed));
	}

	if (endpoint === 'fal-ai/nano-banana/edit') issues.push(...validateImageUrls(body));
	return issues;
}

function validateImageUrls(body: Record<string, unknown>): ValidationIssue[] {
	const urls = body.image_urls;
	if (urls === undefined) return [issue(['image_urls'], 'Field required', 'missing', body)];
	if (!Array.isArray(urls))
		return [issue(['image_urls'], 'Input should be a valid list', 'list_type', urls)];
	if (urls.length === 0) {
		return [
			issue(
				['image_urls'],
				'List should have at least 1 item after validation, not 0',
				'too_short',
				urls,
				{
					field_type: 'List',
					min_length: 1,
					actual_length: 0,
				},
			),
		];
	}
	const issues: ValidationIssue[] = [];
	urls.forEach((url: unknown, index) => {
		if (typeof url !== 'string') {
			issues.push(
				issue(['image_urls', index], 'Input should be a valid string', 'string_type', url),
			);
		} else if (!isAcceptedImageUrl(url)) {
			issues.push(issue(['image_urls', index], 'Input should be a valid URL', 'url_parsing', url));
		}
	});
	return issues;
}
