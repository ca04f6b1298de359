import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULTS, LIMITS, OUTPUT_MODES } from './constants';
import { itemError } from './errors';
import type { NodeOptions } from './interfaces';
import { runsAsAgentTool } from './toolError';

export function show(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	if (value === undefined) return 'nothing';
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

export function readPrompt(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('prompt', itemIndex, '') as unknown;
	const prompt = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
	if (typeof prompt !== 'string') {
		throw itemError(ctx, itemIndex, `The "Prompt" parameter must be text, got ${show(value)}`);
	}
	if (!prompt.trim()) {
		throw itemError(
			ctx,
			itemIndex,
			'The "Prompt" parameter is empty',
			'Describe the image to make. If the prompt comes from an expression, check that the field it reads exists on this item.',
		);
	}
	return prompt;
}

/** A whole number in [min, max]; numeric strings from expressions are accepted. */
export function readInteger(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	min: number,
	max: number,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${label}" parameter must be a whole number from ${min} to ${max}, got ${show(value)}`,
		);
	}
	return number;
}

export function readChoice<T extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value !== 'string' || !allowed.includes(value as T)) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${label}" parameter must be one of ${allowed.join(', ')}, got ${show(value)}`,
		);
	}
	return value as T;
}

/** A number above zero (and at most `max`); numeric strings from expressions are accepted. */
export function readPositiveNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	max = Infinity,
	description?: string,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${label}" option must be a positive number, got ${show(value)}`,
		);
	}
	if (number > max) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${label}" option must be at most ${max}, got ${show(value)}`,
			description,
		);
	}
	return number;
}

/** Booleans, or the text "true"/"false" an expression may produce. */
export function readBoolean(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
		return value.trim().toLowerCase() === 'true';
	}
	throw itemError(
		ctx,
		itemIndex,
		`The "${label}" parameter must be true or false, got ${show(value)}`,
	);
}

export function readBinaryPropertyName(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
): string {
	if (typeof value !== 'string' || !value.trim() || /[\s,]/.test(value.trim())) {
		throw itemError(
			ctx,
			itemIndex,
			`The "${label}" option must be one field name without spaces or commas, got ${show(value)}`,
		);
	}
	return value.trim();
}

export function readOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: IDataObject,
): NodeOptions {
	const toolCall = runsAsAgentTool(ctx);
	const keepInputBinaries = readBoolean(
		ctx,
		itemIndex,
		'Keep Input Images',
		raw.keepInputBinaries ?? false,
	);
	const timeoutSeconds = readPositiveNumber(
		ctx,
		itemIndex,
		'Timeout (Seconds)',
		raw.timeout ?? DEFAULTS.timeoutSeconds,
		LIMITS.maxTimeoutSeconds,
		`${LIMITS.maxTimeoutSeconds} seconds is 24 hours; longer waits are not supported.`,
	);
	const maxDownloadMb = readPositiveNumber(
		ctx,
		itemIndex,
		'Max Download Size (MB)',
		raw.maxDownloadMb ?? DEFAULTS.maxDownloadMb,
	);
	return {
		binaryPropertyOutput: readBinaryPropertyName(
			ctx,
			itemIndex,
			'Put Output in Field',
			// With the inputs kept, "data" would overwrite the original: the edit gets its own field.
			raw.binaryPropertyOutput ??
				(keepInputBinaries ? DEFAULTS.keptEditOutput : DEFAULTS.binaryPropertyOutput),
		),
		outputMode: toolCall
			? 'allImagesInOneItem'
			: readChoice(
					ctx,
					itemIndex,
					'Output Mode',
					raw.outputMode ?? DEFAULTS.outputMode,
					OUTPUT_MODES.map((mode) => mode.value),
				),
		keepInputBinaries,
		concurrency: readInteger(
			ctx,
			itemIndex,
			'Concurrency',
			raw.concurrency ?? DEFAULTS.concurrency,
			1,
			LIMITS.maxConcurrency,
		),
		timeoutMs: timeoutSeconds * 1000,
		maxRetries: readInteger(
			ctx,
			itemIndex,
			'Max Retries',
			raw.maxRetries ?? DEFAULTS.maxRetries,
			0,
			LIMITS.maxRetries,
		),
		maxDownloadBytes: Math.round(maxDownloadMb * 1024 * 1024),
		urlsOnly:
			toolCall || readBoolean(ctx, itemIndex, 'Return URLs Only', raw.returnUrlsOnly ?? false),
		toolCall,
	};
}
