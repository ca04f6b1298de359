import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { decodeDataUri as decode } from '../../nodes/NanoBanana/transport/media';
import { sniffImageType, withExtension } from '../../nodes/NanoBanana/helpers/imageType';
import { mapWithConcurrency } from '../../nodes/NanoBanana/helpers/pool';

const ctx = { getNode: () => ({ name: 'Nano Banana' }) as INode } as IExecuteFunctions;
const decodeDataUri = (uri: string, maxBytes: number) => decode(ctx, uri, maxBytes);

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('image files', () => {
	it('decodes base64 data URIs to the exact bytes', () => {
		const file = decodeDataUri(`data:image/png;base64,${PNG_HEAD.toString('base64')}`, 1024);
		expect(file.bytes.equals(PNG_HEAD)).toBe(true);
		expect(file.declaredMimeType).toBe('image/png');
	});

	it('refuses a data URI over the size limit', () => {
		expect(() =>
			decodeDataUri(`data:image/png;base64,${Buffer.alloc(4096).toString('base64')}`, 1024),
		).toThrow(/larger than the limit/);
	});

	it('recognises image types by their first bytes', () => {
		expect(sniffImageType(PNG_HEAD)?.mimeType).toBe('image/png');
		expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.extension).toBe('jpg');
		expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'ascii'))?.mimeType).toBe(
			'image/webp',
		);
		expect(sniffImageType(Buffer.from('hello world'))).toBeUndefined();
	});

	it('gives a file name the extension of its content', () => {
		expect(withExtension('photo.png', 'jpg')).toBe('photo.jpg');
		expect(withExtension('nano-banana-1', 'png')).toBe('nano-banana-1.png');
	});
});

describe('mapWithConcurrency', () => {
	it('lets a task give its slot back early so the next one starts', async () => {
		const started: number[] = [];
		let finishFirst: () => void = () => undefined;
		const done = mapWithConcurrency(2, 1, async (i, release) => {
			started.push(i);
			if (i === 0) {
				release();
				await new Promise<void>((resolve) => (finishFirst = resolve));
			}
			return i;
		});
		await new Promise((r) => setTimeout(r, 10));
		expect(started).toEqual([0, 1]);
		finishFirst();
		expect((await done).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
	});

	it('keeps input order, caps parallelism and isolates failures', async () => {
		let running = 0;
		let peak = 0;
		const results = await mapWithConcurrency(10, 3, async (i) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((r) => setTimeout(r, (10 - i) * 3));
			running--;
			if (i === 4) throw new Error('four');
			return i * 2;
		});
		expect(peak).toBe(3);
		expect(
			results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
		).toEqual([0, 2, 4, 6, 'four', 10, 12, 14, 16, 18]);
	});
});
