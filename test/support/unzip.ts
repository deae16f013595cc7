/** Reads one file out of a zip archive (a .docx) with node:zlib: the central directory, then the entry. */
import { inflateRawSync } from "node:zlib";

export function unzipEntry(zip: Buffer, name: string): Buffer | undefined {
	// End of central directory: signature 0x06054b50, within the last 64 KB + 22 bytes.
	let eocd = -1;
	for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--)
		if (zip.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	if (eocd < 0) throw new Error("not a zip archive");
	const entries = zip.readUInt16LE(eocd + 10);
	let p = zip.readUInt32LE(eocd + 16);
	for (let n = 0; n < entries; n++) {
		if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error("broken central directory");
		const method = zip.readUInt16LE(p + 10);
		const compressed = zip.readUInt32LE(p + 20);
		const nameLength = zip.readUInt16LE(p + 28);
		const extra = zip.readUInt16LE(p + 30);
		const comment = zip.readUInt16LE(p + 32);
		const local = zip.readUInt32LE(p + 42);
		const entryName = zip.subarray(p + 46, p + 46 + nameLength).toString("utf8");
		if (entryName === name) {
			const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
			const data = zip.subarray(start, start + compressed);
			return method === 0 ? Buffer.from(data) : inflateRawSync(data);
		}
		p += 46 + nameLength + extra + comment;
	}
	return undefined;
}

/** The visible text of word/document.xml: the runs' text joined, tags dropped. */
export function docxText(docx: Buffer): string {
	const xml = unzipEntry(docx, "word/document.xml")?.toString("utf8");
	if (!xml) throw new Error("no word/document.xml");
	return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
}
