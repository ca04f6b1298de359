import { ExpressionError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

/**
 * Evaluates n8n-style parameter values for one item: `={{ expr }}` alone
 * yields the expression's own value (number, boolean, array...), mixed text
 * like `=Hello {{ $json.name }}` yields a string, as in n8n.
 */
export function resolveParameter(
	value: unknown,
	item: INodeExecutionData,
	itemIndex: number,
): unknown {
	if (typeof value === 'string' && value.startsWith('='))
		return evaluate(value.slice(1), item, itemIndex);
	if (Array.isArray(value)) return value.map((entry) => resolveParameter(entry, item, itemIndex));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as IDataObject).map(([key, entry]) => [
				key,
				resolveParameter(entry, item, itemIndex),
			]),
		);
	}
	return value;
}

function run(expression: string, item: INodeExecutionData, itemIndex: number): unknown {
	// eslint-disable-next-line @typescript-eslint/no-implied-eval
	const fn = new Function('$json', '$binary', '$itemIndex', `return (${expression});`) as (
		json: IDataObject,
		binary: unknown,
		itemIndex: number,
	) => unknown;
	try {
		return fn(item.json, item.binary ?? {}, itemIndex);
	} catch (error) {
		// As in n8n: a failing expression is reported as n8n's ExpressionError, with its item.
		throw new ExpressionError(error instanceof Error ? error.message : String(error), {
			itemIndex,
			description: `The expression {{${expression}}} could not be evaluated`,
		});
	}
}

function evaluate(template: string, item: INodeExecutionData, itemIndex: number): unknown {
	const whole = /^\{\{([\s\S]*)\}\}$/.exec(template.trim());
	if (whole && !whole[1].includes('}}')) return run(whole[1], item, itemIndex);
	return template.replace(/\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
		const result = run(expression, item, itemIndex);
		return typeof result === 'object' ? JSON.stringify(result) : String(result);
	});
}
