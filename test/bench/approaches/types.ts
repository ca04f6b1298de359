export type ApproachKey = 'ours' | 'clientPolling' | 'fivePoller';

/** One way of turning items into downloaded images, run against the emulator. */
export interface Approach {
	key: ApproachKey;
	label: string;
	/**
	 * Generates one image per item for `count` items, at most `concurrency` at once;
	 * resolves once every image is downloaded.
	 */
	run(count: number, concurrency: number): Promise<void>;
}

export interface ApproachContext {
	/** The emulator's fal proxy URL, as a credential's Proxy URL holds it. */
	proxyUrl: string;
	/** The API key the emulator accepts. */
	apiKey: string;
	/** Where our node's binaries go (n8n 2.x filesystem mode). */
	storageDir: string;
	prompt: string;
}

/**
 * PNG, because the emulator builds a padded PNG once and reuses it, while it encodes a padded
 * JPEG again for every job (150–250 ms of CPU at 1024 px here), which would delay its answers.
 */
export const IMAGE_FORMAT = 'png' as const;

/** What our node sends for a prompt; the other approaches send the same. */
export function falInput(prompt: string) {
	return {
		prompt,
		num_images: 1,
		output_format: IMAGE_FORMAT,
		aspect_ratio: '1:1' as const,
		sync_mode: false,
	};
}
