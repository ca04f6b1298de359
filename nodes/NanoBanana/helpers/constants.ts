export const GENERATE_ENDPOINT = 'fal-ai/nano-banana';
export const EDIT_ENDPOINT = 'fal-ai/nano-banana/edit';

export const ASPECT_RATIOS = [
	'21:9',
	'16:9',
	'3:2',
	'4:3',
	'5:4',
	'1:1',
	'4:5',
	'3:4',
	'2:3',
	'9:16',
] as const;
export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp'] as const;
export const SAFETY_TOLERANCES = ['1', '2', '3', '4', '5', '6'] as const;

export const OUTPUT_MODES = ['oneItemPerImage', 'allImagesInOneItem'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export const DEFAULTS = {
	numImages: 1,
	binaryPropertyOutput: 'data',
	outputMode: 'oneItemPerImage' as OutputMode,
	concurrency: 4,
	timeoutSeconds: 300,
	maxRetries: 3,
	maxDownloadMb: 50,
};

export const LIMITS = {
	maxImages: 4,
	maxConcurrency: 16,
	maxRetries: 10,
};
