export type OutputMode = 'oneItemPerImage' | 'allImagesInOneItem';

export const OUTPUT_MODES: Array<{ name: string; value: OutputMode; description: string }> = [
	{
		name: 'One Item per Image',
		value: 'oneItemPerImage',
		description:
			'Each image becomes its own output item, in the binary field named in Put Output in Field',
	},
	{
		name: 'All Images in One Item',
		value: 'allImagesInOneItem',
		description:
			'One output item per input item; the first image is in the binary field named in Put Output in Field (e.g. "data"), the next ones in "data_1", "data_2", "data_3"',
	},
];

export const DEFAULTS = {
	numImages: 1,
	outputFormat: 'jpeg',
	binaryPropertyOutput: 'data',
	/** Edit with "Keep Input Images": the original keeps its field, the edit goes here. */
	keptEditOutput: 'edited',
	outputMode: 'oneItemPerImage' as OutputMode,
	concurrency: 4,
	timeoutSeconds: 300,
	maxRetries: 3,
	maxDownloadMb: 50,
	safetyTolerance: '4',
};

export const LIMITS = {
	maxImages: 4,
	maxConcurrency: 16,
	maxRetries: 10,
	/** 24 hours; Node fires a timer above 2^31-1 ms (about 24.8 days) at once. */
	maxTimeoutSeconds: 86_400,
	/** fal reads each video, audio or PDF input up to this size. */
	maxMediaBytes: 15 * 1024 * 1024,
};
