/**
 * fal's input schema of each Nano Banana endpoint, transcribed from fal's own client types
 * (fal-ai/fal-js `libs/client/src/types/endpoints.ts`: NanoBananaInput, NanoBanana2EditInput,
 * …; see the family reference). Written from fal's side on purpose and never imported from the
 * node: if the node and its emulator read one table, a wrong field name would pass every test.
 */

export type FieldSpec =
	| { type: 'string'; required?: boolean; nonEmpty?: boolean }
	| { type: 'integer'; min?: number; max?: number }
	| { type: 'boolean'; default?: boolean }
	| { type: 'enum'; options: readonly string[]; default?: string }
	/** http(s) or data: URL (a YouTube link is an http(s) URL). */
	| { type: 'url' }
	| { type: 'url-list'; required?: boolean };

export interface EndpointSchema {
	fields: Record<string, FieldSpec>;
	/** Fields of which at least one must be given, e.g. NB2 edit's image or media inputs. */
	oneOf?: readonly string[];
	/** A field not in `fields` is a 422 `extra_forbidden` (pydantic's `extra='forbid'`). */
	extraForbidden?: boolean;
}

const RATIOS = ['21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16'] as const;
const EXTREME = ['4:1', '1:4', '8:1', '1:8'] as const;

/** The fields every model has, in fal's order, with the endpoint's aspect ratios. */
const common = <R extends readonly string[]>(aspectRatios: R, aspectDefault: R[number]) =>
	({
		prompt: { type: 'string', required: true, nonEmpty: true },
		num_images: { type: 'integer', min: 1, max: 4 },
		output_format: { type: 'enum', options: ['jpeg', 'png', 'webp'], default: 'png' },
		aspect_ratio: { type: 'enum', options: aspectRatios, default: aspectDefault },
		sync_mode: { type: 'boolean' },
		seed: { type: 'integer' },
		safety_tolerance: { type: 'enum', options: ['1', '2', '3', '4', '5', '6'], default: '4' },
		limit_generations: { type: 'boolean', default: true },
	}) as const;
const webSearch = { enable_web_search: { type: 'boolean' } } as const;
const systemPrompt = { system_prompt: { type: 'string' } } as const;
const thinking = { thinking_level: { type: 'enum', options: ['minimal', 'high'] } } as const;

export const ENDPOINT_SCHEMAS = {
	'fal-ai/nano-banana': {
		fields: { ...common(RATIOS, '1:1') },
	},
	'fal-ai/nano-banana/edit': {
		fields: {
			...common(['auto', ...RATIOS] as const, 'auto'),
			image_urls: { type: 'url-list', required: true },
		},
	},
	'fal-ai/nano-banana-2': {
		fields: {
			...common(['auto', ...RATIOS, ...EXTREME] as const, 'auto'),
			...webSearch,
			...systemPrompt,
			...thinking,
			resolution: { type: 'enum', options: ['0.5K', '1K', '2K', '4K'], default: '1K' },
		},
	},
	'fal-ai/nano-banana-2/edit': {
		fields: {
			...common(['auto', ...RATIOS, ...EXTREME] as const, 'auto'),
			...webSearch,
			...systemPrompt,
			...thinking,
			resolution: { type: 'enum', options: ['0.5K', '1K', '2K', '4K'], default: '1K' },
			image_urls: { type: 'url-list' },
			video_url: { type: 'url' },
			audio_url: { type: 'url' },
			pdf_url: { type: 'url' },
		},
		oneOf: ['image_urls', 'video_url', 'audio_url', 'pdf_url'],
	},
	'fal-ai/nano-banana-pro': {
		fields: {
			...common(['auto', ...RATIOS] as const, '1:1'),
			...webSearch,
			...systemPrompt,
			resolution: { type: 'enum', options: ['1K', '2K', '4K'], default: '1K' },
		},
	},
	'fal-ai/nano-banana-pro/edit': {
		fields: {
			...common(['auto', ...RATIOS] as const, 'auto'),
			...webSearch,
			...systemPrompt,
			resolution: { type: 'enum', options: ['1K', '2K', '4K'], default: '1K' },
			image_urls: { type: 'url-list', required: true },
		},
	},
	'google/nano-banana-lite': {
		fields: {
			...common(['auto', ...RATIOS, ...EXTREME] as const, 'auto'),
			...systemPrompt,
			...thinking,
		},
	},
	// fal's client types give Nano Banana 2 Lite Lite's input type (NanoBananaLiteInput), and no /edit.
	'google/nano-banana-2-lite': {
		fields: {
			...common(['auto', ...RATIOS, ...EXTREME] as const, 'auto'),
			...systemPrompt,
			...thinking,
		},
	},
	'google/nano-banana-lite/edit': {
		fields: {
			...common(['auto', ...RATIOS, ...EXTREME] as const, 'auto'),
			...systemPrompt,
			...thinking,
			image_urls: { type: 'url-list' },
		},
	},
} as const satisfies Record<string, EndpointSchema>;

export type NanoBananaEndpoint = keyof typeof ENDPOINT_SCHEMAS;

export const ENDPOINTS = Object.keys(ENDPOINT_SCHEMAS) as NanoBananaEndpoint[];

export function schemaOf(endpoint: NanoBananaEndpoint): EndpointSchema {
	return ENDPOINT_SCHEMAS[endpoint];
}

/** Status, result and cancel live under owner/app: `fal-ai/nano-banana-2/edit` → `fal-ai/nano-banana-2`. */
export function appOf(endpoint: string): string {
	return endpoint.split('/').slice(0, 2).join('/');
}

export const APPS = [...new Set(ENDPOINTS.map(appOf))];

/** Long side in pixels fal produces for a resolution. */
export const RESOLUTION_LONG_SIDE: Record<string, number> = {
	'0.5K': 512,
	'1K': 1024,
	'2K': 2048,
	'4K': 4096,
};

/** The media inputs besides images that an endpoint reads. */
export const MEDIA_FIELDS = ['video_url', 'audio_url', 'pdf_url'] as const;
