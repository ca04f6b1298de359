import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FalControls } from './interfaces';
import { readChoice } from './validation';

/** fal's queue priorities (`x-fal-queue-priority`): a low request waits behind normal ones. */
export const QUEUE_PRIORITIES = [
	{ name: 'Normal', value: 'normal' },
	{ name: 'Low', value: 'low' },
] as const;

/**
 * How long fal keeps the files of a request (`x-fal-object-lifecycle-preference`), in seconds as
 * fal's client maps them; `default` sends no preference.
 */
export const FILE_LIFETIMES = [
	{ name: "Fal's Default", value: 'default', seconds: undefined },
	{ name: '1 Minute', value: 'immediate', seconds: 60 },
	{ name: '1 Hour', value: '1h', seconds: 3_600 },
	{ name: '1 Day', value: '1d', seconds: 86_400 },
	{ name: '7 Days', value: '7d', seconds: 604_800 },
	{ name: '30 Days', value: '30d', seconds: 2_592_000 },
] as const;

/** Queue Priority and Keep Files on fal For, checked per item; absent when not added. */
export function readFalControls(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: IDataObject,
): FalControls {
	const controls: FalControls = {};
	if (raw.queuePriority !== undefined) {
		controls.queuePriority = readChoice(
			ctx,
			itemIndex,
			'Queue Priority',
			raw.queuePriority,
			QUEUE_PRIORITIES.map((p) => p.value),
		);
	}
	if (raw.falFileLifetime !== undefined) {
		const value = readChoice(
			ctx,
			itemIndex,
			'Keep Files on fal For',
			raw.falFileLifetime,
			FILE_LIFETIMES.map((l) => l.value),
		);
		controls.fileLifetimeSeconds = FILE_LIFETIMES.find((l) => l.value === value)?.seconds;
	}
	return controls;
}
