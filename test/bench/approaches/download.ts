/** What a plain integration does with fal's image URL: fetch it into memory. */
export async function downloadImage(url: string): Promise<Buffer> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`image download answered HTTP ${response.status}`);
	const bytes = Buffer.from(await response.arrayBuffer());
	if (bytes.length === 0) throw new Error('image download was empty');
	return bytes;
}

/** fal's result shape, read just far enough to find the first image. */
export function firstImageUrl(data: unknown): string {
	const url = (data as { images?: Array<{ url?: unknown }> } | undefined)?.images?.[0]?.url;
	if (typeof url !== 'string') {
		throw new Error(`fal result has no image: ${JSON.stringify(data).slice(0, 200)}`);
	}
	return url;
}
