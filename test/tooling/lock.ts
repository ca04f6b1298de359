import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { say } from './log';
import { sleep } from './wait';

function ownerAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM means the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function tryAcquire(lockFile: string): boolean {
	try {
		const fd = openSync(lockFile, 'wx');
		writeSync(fd, String(process.pid));
		closeSync(fd);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		let owner = NaN;
		try {
			owner = Number(readFileSync(lockFile, 'utf8').trim());
		} catch {
			return false; // removed or being written right now: look again shortly
		}
		// A lock left by a killed run would block forever; its owner is gone, so take it over.
		if (Number.isInteger(owner) && owner > 0 && !ownerAlive(owner)) {
			try {
				unlinkSync(lockFile);
			} catch {}
		}
		return false;
	}
}

/**
 * Runs `work` while holding `lockFile`, so a second concurrent run waits for the first
 * instead of two npm processes writing into the same install folder.
 */
export async function withLock<T>(
	lockFile: string,
	label: string,
	work: () => Promise<T>,
): Promise<T> {
	const started = Date.now();
	let lastNotice = 0;
	while (!tryAcquire(lockFile)) {
		if (Date.now() - lastNotice >= 15000) {
			lastNotice = Date.now();
			const waited = Math.round((Date.now() - started) / 1000);
			say(`${label}: another run is installing it (lock ${lockFile}), waiting… ${waited}s`);
		}
		await sleep(1000);
	}
	const release = () => {
		try {
			unlinkSync(lockFile);
		} catch {}
	};
	process.once('exit', release);
	try {
		return await work();
	} finally {
		process.removeListener('exit', release);
		release();
	}
}
