import { join } from 'node:path';
import {
	NodeHelpers,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

const BUILT_NODE = join(__dirname, '..', '..', 'dist', 'nodes', 'NanoBanana', 'NanoBanana.node.js');

/** Parameters that pick what the rest of the panel is about, in the order a user sets them. */
const AXES = ['resource', 'operation', 'model'];

/** Types the editor does not render as a labelled parameter row. */
const UNLABELLED = new Set(['hidden', 'notice', 'callout']);

/** The node description as users get it: read from the build, not from the sources. */
export function builtDescription(): INodeTypeDescription {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(BUILT_NODE) as Record<
		string,
		new () => { description: INodeTypeDescription }
	>;
	const NodeClass = Object.values(module).find((value) => typeof value === 'function');
	if (!NodeClass) throw new Error(`${BUILT_NODE} exports no node class`);
	return new NodeClass().description;
}

/** One choice per axis, e.g. `{ operation: 'edit', model: 'nano-banana-2' }`. */
export type Combination = Array<{
	name: string;
	displayName: string;
	value: string;
	label: string;
}>;

function version(description: INodeTypeDescription): number {
	return Array.isArray(description.version)
		? Math.max(...description.version)
		: description.version;
}

/** What n8n stores for the node with these choices: defaults for everything displayed. */
function resolvedValues(
	description: INodeTypeDescription,
	choices: INodeParameters,
): INodeParameters {
	const node = { typeVersion: version(description) };
	return (
		NodeHelpers.getNodeParameters(
			description.properties,
			choices,
			true,
			false,
			node,
			description,
		) ?? {}
	);
}

function shown(
	description: INodeTypeDescription,
	values: INodeParameters,
	property: INodeProperties | INodePropertyOptions,
	own: INodeParameters = values,
): boolean {
	const node = { typeVersion: version(description) };
	return NodeHelpers.displayParameter(own, property, node, description, values);
}

/**
 * Every combination of the axis parameters the panel can reach (an axis's own options may
 * depend on earlier choices through its displayOptions), in declaration order.
 */
export function combinations(description: INodeTypeDescription): Combination[] {
	let result: Combination[] = [[]];
	for (const axis of AXES) {
		const next: Combination[] = [];
		for (const combination of result) {
			const choices = Object.fromEntries(combination.map((c) => [c.name, c.value]));
			const values = resolvedValues(description, choices);
			const property = description.properties.find(
				(p) => p.name === axis && p.type === 'options' && shown(description, values, p),
			);
			if (!property) {
				next.push(combination);
				continue;
			}
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				if (!shown(description, values, option)) continue;
				next.push([
					...combination,
					{
						name: axis,
						displayName: property.displayName,
						value: String(option.value),
						label: option.name,
					},
				]);
			}
		}
		result = next;
	}
	return result;
}

export interface ExpectedPanel {
	/** Labels of the parameter rows, top to bottom. */
	fields: string[];
	/** For each collection shown: the option labels its "Add" list offers. */
	collections: Record<string, string[]>;
}

/** The panel the description promises for one combination. */
export function expectedPanel(
	description: INodeTypeDescription,
	combination: Combination,
	/** Other values the user set, such as a switch turned the other way. */
	set: INodeParameters = {},
): ExpectedPanel {
	const choices = { ...Object.fromEntries(combination.map((c) => [c.name, c.value])), ...set };
	const values = resolvedValues(description, choices);
	const visible = description.properties.filter(
		(property) => !UNLABELLED.has(property.type) && shown(description, values, property),
	);
	const collections: Record<string, string[]> = {};
	for (const property of visible) {
		if (property.type !== 'collection') continue;
		const own = (values[property.name] as INodeParameters | undefined) ?? {};
		collections[property.displayName] = ((property.options ?? []) as INodeProperties[])
			.filter((option) => shown(description, values, option, own))
			.map((option) => option.displayName);
	}
	return { fields: visible.map((property) => property.displayName), collections };
}

export function describeCombination(combination: Combination): string {
	return combination.map((c) => `${c.displayName} = ${c.label}`).join(', ') || 'defaults';
}

/**
 * The panels of one combination: as it opens, and with each switch it shows turned the other
 * way (a field may appear only then, as Notify URL does once Wait for Result is off).
 */
function panelsOf(description: INodeTypeDescription, combination: Combination): ExpectedPanel[] {
	const choices = Object.fromEntries(combination.map((c) => [c.name, c.value]));
	const values = resolvedValues(description, choices);
	const switches = description.properties.filter(
		(property) => property.type === 'boolean' && shown(description, values, property),
	);
	return [
		expectedPanel(description, combination),
		...switches.map((property) =>
			expectedPanel(description, combination, { [property.name]: !values[property.name] }),
		),
	];
}

/** Fields and collection options no combination (nor a switch in it) ever shows: nobody can set them. */
export function unreachable(description: INodeTypeDescription): string[] {
	const panels = combinations(description).flatMap((c) => panelsOf(description, c));
	const fields = new Set(panels.flatMap((panel) => panel.fields));
	const options = new Set(
		panels.flatMap((panel) =>
			Object.entries(panel.collections).flatMap(([name, list]) =>
				list.map((o) => `${name} → ${o}`),
			),
		),
	);
	const missing: string[] = [];
	for (const property of description.properties) {
		if (UNLABELLED.has(property.type)) continue;
		if (!fields.has(property.displayName)) missing.push(property.displayName);
		if (property.type !== 'collection') continue;
		for (const option of (property.options ?? []) as INodeProperties[]) {
			const key = `${property.displayName} → ${option.displayName}`;
			if (!options.has(key)) missing.push(key);
		}
	}
	return missing;
}
