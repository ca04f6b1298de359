import { uploadReuseMarginMs, UploadCache } from '../../nodes/NanoBanana/helpers/references';
import { getFalConnection } from '../../nodes/NanoBanana/transport/credentials';
import type { FalEmulator } from '../emulator';
import { useEmulator } from '../helpers/emulator';
import { TestExecution } from '../helpers/executeFunctions';
import { TEST_KEY } from '../helpers/runNode';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const uploads = () => emulator.requests.filter((r) => r.route === 'upload-initiate').length;

describe('an upload is shared only while it outlives the jobs that use it', () => {
	async function cacheAt(clock: { now: number }) {
		const test = new TestExecution({
			parameters: { prompt: 'x' },
			credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		});
		const ctx = test.context();
		return new UploadCache(ctx, await getFalConnection(ctx), 0, 60_000, () => clock.now);
	}
	const bytes = Buffer.from('the same logo on every item');

	it('Keep Files on fal For = 1 Minute: reused within half its lifetime, uploaded again after', async () => {
		expect(uploadReuseMarginMs(60)).toBe(30_000);
		const clock = { now: 1_000_000 };
		const cache = await cacheAt(clock);
		const first = await cache.upload(bytes, 'image/png', 'logo.png', undefined, 60);
		clock.now += 29_000;
		expect(await cache.upload(bytes, 'image/png', 'logo.png', undefined, 60)).toBe(first);
		expect(uploads()).toBe(1);
		clock.now += 2_000;
		const again = await cache.upload(bytes, 'image/png', 'logo.png', undefined, 60);
		expect(again).not.toBe(first);
		expect(uploads()).toBe(2);
	});

	it("without a lifetime (fal's default) or with a long one, the upload keeps serving", async () => {
		const clock = { now: 1_000_000 };
		const cache = await cacheAt(clock);
		await cache.upload(bytes, 'image/png', 'logo.png');
		await cache.upload(bytes, 'image/png', 'logo.png', undefined, 86_400);
		clock.now += 60 * 60_000;
		await cache.upload(bytes, 'image/png', 'logo.png');
		await cache.upload(bytes, 'image/png', 'logo.png', undefined, 86_400);
		expect(uploads()).toBe(2);
	});
});
