/**
 * The local home's handset: messages are appended as JSON lines to a file in the data dir
 * (`<data-dir>/sms/sent.jsonl`), which the local admin page (/local/sms) lists.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { maskPhone } from "#shared/domain/identity.ts";
import type { SmsSender } from "#shared/notify/deliver.ts";
import { nowIso } from "#shared/time.ts";

export interface SentSms {
	at: string;
	to: string;
	text: string;
	key: string;
	messageId: string;
}

export function fileSmsSender(path: string): SmsSender {
	let n = 0;
	return {
		async send({ phone, text, key }) {
			await mkdir(dirname(path), { recursive: true });
			const messageId = `local-${Date.now().toString(36)}-${(n++).toString(36)}`;
			const line: SentSms = { at: nowIso(), to: phone, text, key, messageId };
			await appendFile(path, `${JSON.stringify(line)}\n`);
			return { messageId };
		},
	};
}

/** The messages in the file, newest first, numbers masked and query codes hidden (the admin page's view). */
export async function readSentSms(path: string, limit = 200): Promise<SentSms[]> {
	let text = "";
	try {
		text = await readFile(path, "utf8");
	} catch {
		return [];
	}
	return text
		.split("\n")
		.filter(Boolean)
		.map((l) => JSON.parse(l) as SentSms)
		.reverse()
		.slice(0, limit)
		.map((m) => ({ ...m, to: maskPhone(m.to), text: m.text.replace(/查询码[0-9A-Z]{10}/g, "查询码**********") }));
}
