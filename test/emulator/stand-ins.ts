import type { EndpointSchema, FieldSpec } from './schemas';

/**
 * Endpoints fal serves that its client types do not know yet, emulated for the node's "Other
 * Family Endpoint". Kept apart from ENDPOINT_SCHEMAS on purpose: that table is what fal's client
 * types say and what unit tests hold the node's registry against; these are guesses with one
 * firm rule, fal's pydantic 422 for a field the model does not take (`extra_forbidden`).
 *
 * Nano Banana 2.1 (google/nano-banana-2.1, /edit): Nano Banana 2's fields with 1K/2K/4K.
 */
const RATIOS = ['auto', '21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16'];
const EXTREME = ['4:1', '1:4', '8:1', '1:8'];

const nanoBanana21Fields = {
	prompt: { type: 'string', required: true, nonEmpty: true },
	num_images: { type: 'integer', min: 1, max: 4 },
	output_format: { type: 'enum', options: ['jpeg', 'png', 'webp'], default: 'png' },
	aspect_ratio: { type: 'enum', options: [...RATIOS, ...EXTREME], default: 'auto' },
	sync_mode: { type: 'boolean' },
	seed: { type: 'integer' },
	safety_tolerance: { type: 'enum', options: ['1', '2', '3', '4', '5', '6'], default: '4' },
	limit_generations: { type: 'boolean', default: true },
	enable_web_search: { type: 'boolean' },
	system_prompt: { type: 'string' },
	thinking_level: { type: 'enum', options: ['minimal', 'high'] },
	resolution: { type: 'enum', options: ['1K', '2K', '4K'], default: '1K' },
} satisfies Record<string, FieldSpec>;

export const STAND_INS = {
	'google/nano-banana-2.1': {
		fields: nanoBanana21Fields,
		extraForbidden: true,
	},
	'google/nano-banana-2.1/edit': {
		fields: {
			...nanoBanana21Fields,
			image_urls: { type: 'url-list' },
			video_url: { type: 'url' },
			audio_url: { type: 'url' },
			pdf_url: { type: 'url' },
		},
		oneOf: ['image_urls', 'video_url', 'audio_url', 'pdf_url'],
		extraForbidden: true,
	},
} as const satisfies Record<string, EndpointSchema>;

export type StandInEndpoint = keyof typeof STAND_INS;
