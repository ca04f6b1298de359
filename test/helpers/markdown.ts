import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** The anchors a Markdown file offers: its headings' slugs and explicit `id="…"` anchors. */
export function anchorsOf(markdown: string): Set<string> {
	const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
	const anchors = new Set<string>();
	for (const [, heading] of withoutCode.matchAll(/^#{1,6} (.+)$/gm))
		anchors.add(headingSlug(heading));
	for (const [, id] of withoutCode.matchAll(/id="([^"]+)"/g)) anchors.add(id);
	return anchors;
}

/** Every link target of a Markdown file that is not a web or mail address, code blocks left out. */
export function localLinks(markdown: string): string[] {
	const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
		.map((match) => match[1])
		.filter((target) => !/^[a-z]+:/i.test(target));
}

/**
 * The local links of `file` that lead nowhere: a missing file or folder, or an anchor the
 * target Markdown file lacks. Paths are relative to the file, as GitHub resolves them.
 */
export function brokenLinks(file: string): string[] {
	const markdown = readFileSync(file, 'utf8');
	const broken: string[] = [];
	for (const link of localLinks(markdown)) {
		const [path, anchor] = link.split('#');
		const target = path ? resolve(dirname(file), path) : file;
		if (!existsSync(target)) {
			broken.push(link);
			continue;
		}
		if (anchor && target.endsWith('.md') && statSync(target).isFile()) {
			if (!anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(link);
		}
	}
	return broken;
}

/** Markdown files under a folder, as paths relative to `root`. */
export function markdownFiles(root: string, folder: string): string[] {
	return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.md'))
		.map((name) => relative(root, join(root, folder, name)));
}
