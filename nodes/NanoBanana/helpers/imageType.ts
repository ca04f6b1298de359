/** Image types fal produces or accepts, recognised by their first bytes. */
const SIGNATURES: Array<{ mimeType: string; extension: string; test: (b: Buffer) => boolean }> = [
	{
		mimeType: 'image/png',
		extension: 'png',
		test: (b) =>
			b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a,
	},
	{
		mimeType: 'image/jpeg',
		extension: 'jpg',
		test: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
	},
	{
		mimeType: 'image/webp',
		extension: 'webp',
		test: (b) =>
			b.length >= 12 &&
			b.toString('ascii', 0, 4) === 'RIFF' &&
			b.toString('ascii', 8, 12) === 'WEBP',
	},
	{
		mimeType: 'image/gif',
		extension: 'gif',
		test: (b) => b.length >= 6 && /^GIF8[79]a$/.test(b.toString('ascii', 0, 6)),
	},
	{
		mimeType: 'image/bmp',
		extension: 'bmp',
		test: (b) => b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d,
	},
	{
		mimeType: 'image/avif',
		extension: 'avif',
		test: (b) =>
			b.length >= 12 &&
			b.toString('ascii', 4, 8) === 'ftyp' &&
			/^avi[fs]$/.test(b.toString('ascii', 8, 12)),
	},
];

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/bmp': 'bmp',
	'image/avif': 'avif',
	'image/heic': 'heic',
	'image/heif': 'heif',
	'image/tiff': 'tiff',
	'image/svg+xml': 'svg',
};

export function sniffImageType(bytes: Buffer): { mimeType: string; extension: string } | undefined {
	const match = SIGNATURES.find((signature) => signature.test(bytes));
	return match && { mimeType: match.mimeType, extension: match.extension };
}

export function normaliseMimeType(value: string | null | undefined): string | undefined {
	const mimeType = value?.split(';')[0].trim().toLowerCase();
	return mimeType || undefined;
}

export function extensionForMimeType(mimeType: string): string {
	return EXTENSIONS[mimeType] ?? mimeType.split('/')[1]?.replace(/[^a-z0-9]/g, '') ?? 'bin';
}

/** Ensures a file name ends in the extension its content really has. */
export function withExtension(fileName: string, extension: string): string {
	const base = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
	return `${base}.${extension}`;
}
