import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemError } from '../helpers/errors';
import { readFalControls } from '../helpers/falControls';
import type { FalControls, NodeOptions } from '../helpers/interfaces';
import { readModelInput, type ModelInput } from '../helpers/modelInput';
import type { OperationName } from '../helpers/models';
import { readOptions } from '../helpers/validation';

/** What Generate and Edit share: the item's model, its fields under fal's names, the options. */
export function readCommonInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: OperationName,
): ModelInput & { options: NodeOptions; controls: FalControls } {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const options = readOptions(ctx, itemIndex, raw);
	const modelInput = readModelInput(ctx, itemIndex, operation, raw);
	if (modelInput.input.sync_mode === true && options.urlsOnly) {
		throw itemError(
			ctx,
			itemIndex,
			options.toolCall
				? 'Sync Mode cannot be used when an AI Agent calls this node as a tool'
				: 'Sync Mode cannot be used with "Return URLs Only"',
			options.toolCall
				? 'As a tool the node returns image URLs, and with Sync Mode fal returns no URL. Switch Sync Mode off.'
				: 'With Sync Mode fal returns the images inline, with no URL. Switch one of them off.',
		);
	}
	return { ...modelInput, options, controls: readFalControls(ctx, itemIndex, raw) };
}
