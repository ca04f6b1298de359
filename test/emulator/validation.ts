import { isRecord } from './http';
import { servedSchemaOf, type ServedEndpoint } from './endpoints';
import type { FieldSpec } from './schemas';

/** One entry of a pydantic-style 422 `detail` list, as fal answers it. */
export interface ValidationIssue {
	loc: Array<string | number>;
	msg: string;
	type: string;
	input?: unknown;
	ctx?: Record<string, unknown>;
}

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

function integerIssue(
	field: string,
	value: unknown,
	min?: number,
	max?: number,
): ValidationIssue[] {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return [issue([field], 'Input should be a valid integer', 'int_type', value)];
	}
	if (!Number.isInteger(value)) {
		return [
			issue(
				[field],
				'Input should be a valid integer, got a number with a fractional part',
				'int_from_float',
				value,
			),
		];
	}
	if (min !== undefined && value < min) {
		return [
			issue(
				[field],
				`Input should be greater than or equal to ${min}`,
				'greater_than_equal',
				value,
				{
					ge: min,
				},
			),
		];
	}
	if (max !== undefined && value > max) {
		return [
			issue([field], `Input should be less than or equal to ${max}`, 'less_than_equal', value, {
				le: max,
			}),
		];
	}
	return [];
}

function fieldIssues(field: string, spec: FieldSpec, value: unknown): ValidationIssue[] {
	switch (spec.type) {
		case 'string':
			if (typeof value !== 'string')
				return [issue([field], 'Input should be a valid string', 'string_type', value)];
			if (spec.nonEmpty && value.trim().length === 0) {
				return [
					issue([field], 'String should have at least 1 character', 'string_too_short', value, {
						min_length: 1,
					}),
				];
			}
			return [];
		case 'integer':
			return integerIssue(field, value, spec.min, spec.max);
		case 'boolean':
			return typeof value === 'boolean'
				? []
				: [issue([field], 'Input should be a valid boolean', 'bool_type', value)];
		case 'enum':
			return spec.options.includes(value as string) ? [] : [enumIssue(field, spec.options, value)];
		case 'url':
			if (typeof value !== 'string')
				return [issue([field], 'Input should be a valid string', 'string_type', value)];
			return isAcceptedImageUrl(value)
				? []
				: [issue([field], 'Input should be a valid URL', 'url_parsing', value)];
		case 'url-list':
			return validateUrlList(field, value);
	}
}

/**
 * Checks an input against the endpoint's own schema, like fal's pydantic models: every problem
 * is reported, unknown fields are ignored (as fal does for its typed models) unless the schema
 * forbids extras (the stand-ins), a value the model does not accept is a
 * 422. Types are checked strictly (no "2" for 2) so a sloppy caller is caught here first.
 */
export function validateInput(endpoint: ServedEndpoint, body: unknown): ValidationIssue[] {
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
	const schema = servedSchemaOf(endpoint);
	const issues: ValidationIssue[] = [];
	for (const [field, spec] of Object.entries(schema.fields)) {
		const value = body[field];
		// pydantic treats an explicit null of an optional field as "not given".
		if (value === undefined || (value === null && field === 'seed')) {
			const required = (spec.type === 'string' || spec.type === 'url-list') && spec.required;
			if (required) issues.push(issue([field], 'Field required', 'missing', body));
			continue;
		}
		issues.push(...fieldIssues(field, spec, value));
	}
	if (schema.extraForbidden) {
		for (const [field, value] of Object.entries(body)) {
			if (!(field in schema.fields)) {
				issues.push(issue([field], 'Extra inputs are not permitted', 'extra_forbidden', value));
			}
		}
	}
	if (schema.oneOf && !schema.oneOf.some((field) => body[field] !== undefined)) {
		issues.push(
			issue(
				[],
				`Value error, At least one of ${schema.oneOf.join(', ')} must be provided`,
				'value_error',
				body,
			),
		);
	}
	return issues;
}

function validateUrlList(field: string, urls: unknown): ValidationIssue[] {
	if (!Array.isArray(urls))
		return [issue([field], 'Input should be a valid list', 'list_type', urls)];
	if (urls.length === 0) {
		return [
			issue(
				[field],
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
			issues.push(issue([field, index], 'Input should be a valid string', 'string_type', url));
		} else if (!isAcceptedImageUrl(url)) {
			issues.push(issue([field, index], 'Input should be a valid URL', 'url_parsing', url));
		}
	});
	return issues;
}
