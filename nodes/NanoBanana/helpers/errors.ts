import { ExecutionBaseError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * Every form in which a fal key (`key_id:key_secret`) could be echoed back:
 * whole, each half alone, and URL-encoded. Longest first, so a whole key is
 * replaced before its halves.
 */
export function secretFragments(apiKey: string): string[] {
	const key = apiKey.trim();
	const forms = new Set<string>([key, ...key.split(':')]);
	for (const form of [...forms]) {
		const encoded = encodeURIComponent(form);
		forms.add(encoded);
		forms.add(encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
	}
	return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

/** Removes secrets from any text that may reach a user, a log or an execution record. */
export function redact(text: string, secrets: string[]): string {
	return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** A problem with one item's input, named with `[item N]` as n8n's own nodes do. */
export function itemError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, {
		itemIndex,
		description,
	});
}

function redactInPlace(error: ExecutionBaseError, secrets: string[]): void {
	error.message = redact(error.message, secrets);
	if (typeof error.description === 'string') error.description = redact(error.description, secrets);
	const withMessages = error as ExecutionBaseError & { messages?: unknown };
	if (Array.isArray(withMessages.messages)) {
		withMessages.messages = withMessages.messages.map((text: unknown) =>
			typeof text === 'string' ? redact(text, secrets) : text,
		);
	}
}

/** A copy, so an error shared by several items (one upload for all) can name each of them. */
function copyOf<E extends ExecutionBaseError>(error: E): E {
	const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as E, error);
	copy.context = { ...error.context };
	copy.message = error.message.replace(/ \[item \d+\]$/, '');
	return copy;
}

/**
 * One error shape for every failure of an item: n8n's own errors are passed on
 * as they are (an expression error keeps its context and description), with
 * the item index added; anything else becomes a NodeOperationError. `[item N]`
 * and no secrets either way.
 */
export function toItemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	secrets: string[],
): ExecutionBaseError {
	if (error instanceof ExecutionBaseError) {
		const owned =
			error.context.itemIndex !== undefined && error.context.itemIndex !== itemIndex
				? copyOf(error)
				: error;
		owned.context.itemIndex = itemIndex;
		if (!owned.message.endsWith(`[item ${itemIndex}]`)) {
			owned.message = `${owned.message} [item ${itemIndex}]`;
		}
		redactInPlace(owned, secrets);
		return owned;
	}
	const message = error instanceof Error ? error.message : String(error);
	const clean = redact(`${message} [item ${itemIndex}]`, secrets);
	const wrapped = new NodeOperationError(ctx.getNode(), clean, { itemIndex });
	// n8n swaps any message that mentions a code like ECONNREFUSED for a generic
	// sentence; ours already says what failed and where, so keep it.
	wrapped.message = clean;
	return wrapped;
}
