import { withBaseUrl } from '../../scripts/dev/provision';
import { readExamples, startingTrigger } from '../tooling/examples';

const examples = readExamples();
const byFile = (file: string) => {
	const found = examples.find((example) => example.file === file);
	if (!found) throw new Error(`no examples/${file}`);
	return found.workflow;
};
const submit = byFile('big-batch-submit.json');
const receive = byFile('big-batch-receive.json');
const submitNode = submit.nodes.find((node) => node.type?.endsWith('.nanoBanana'));
const triggerNode = receive.nodes.find((node) => node.type?.endsWith('.nanoBananaTrigger'));

describe('the big-batch example pair', () => {
	it("submits without waiting to the receiving trigger's production URL on n8n's default address", () => {
		expect(submitNode?.parameters?.waitForResult).toBe(false);
		expect(triggerNode?.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		expect(submitNode?.parameters?.notifyUrl).toBe(
			`http://localhost:5678/webhook/${String(triggerNode?.webhookId)}/fal`,
		);
	});

	it('lists the trigger-started example after every example run by a click', () => {
		expect(startingTrigger(receive)).toBe(triggerNode);
		expect(startingTrigger(submit)).toBeUndefined();
		const firstTriggered = examples.findIndex((example) => startingTrigger(example.workflow));
		expect(examples.slice(firstTriggered).every((e) => startingTrigger(e.workflow))).toBe(true);
		expect(startingTrigger(examples[0].workflow)).toBeUndefined();
	});

	it("dev points the Notify URL at the n8n it started, and leaves a user's own URL alone", () => {
		const pointed = withBaseUrl(submit, 'http://localhost:41234');
		const node = pointed.nodes.find((n) => n.name === submitNode?.name);
		expect(node?.parameters?.notifyUrl).toBe(
			`http://localhost:41234/webhook/${String(triggerNode?.webhookId)}/fal`,
		);
		const own = {
			...submit,
			nodes: submit.nodes.map((n) =>
				n === submitNode
					? { ...n, parameters: { ...n.parameters, notifyUrl: 'https://n8n.example.com/x' } }
					: n,
			),
		};
		const kept = withBaseUrl(own, 'http://localhost:41234');
		expect(kept.nodes.find((n) => n.name === submitNode?.name)?.parameters?.notifyUrl).toBe(
			'https://n8n.example.com/x',
		);
	});
});
