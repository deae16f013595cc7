import { describe, expect, it } from "vitest";
import { displayName, sniffType } from "#shared/domain/evidence.ts";
import { blobPath, blobSignature, signatureMatches } from "#shared/evidence/local-store.ts";
import { evidenceIssues } from "../../web/js/evidence-model.js";

describe("evidence: types by content, names never trusted", () => {
	it("sniffs PDF, JPEG and PNG by their first bytes and nothing else", () => {
		expect(sniffType(new TextEncoder().encode("%PDF-1.7"))).toBe("application/pdf");
		expect(sniffType(Uint8Array.from([0xff, 0xd8, 0xff, 0xdb]))).toBe("image/jpeg");
		expect(sniffType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
		expect(sniffType(new TextEncoder().encode("MZ\x90\x00"))).toBeUndefined();
		expect(sniffType(new TextEncoder().encode("<html>"))).toBeUndefined();
		expect(sniffType(new Uint8Array())).toBeUndefined();
	});

	it("keeps a display name only: last segment, no control, bidi or path characters, the real type's extension", () => {
		expect(displayName("C:\\Users\\张三\\照片<1>.PNG", "image/png")).toBe("照片1.png");
		expect(displayName("../../etc/passwd", "application/pdf")).toBe("passwd.pdf");
		expect(displayName("invoice\u202egpj.exe", "image/jpeg")).toBe("invoicegpj.jpg");
		expect(displayName("", "application/pdf")).toBe("材料.pdf");
		expect(displayName(`${"长".repeat(200)}.pdf`, "application/pdf").length).toBe(80);
	});

	it("local blob URLs: the signature covers method, key, type, size and expiry; keys are the generated shape only", () => {
		const r = {
			method: "PUT" as const,
			key: "evidence/XF431127-2026-ABCDEFGH/0123456789abcdef01234567",
			type: "image/png",
			size: 10,
			expires: 2_000_000_000,
		};
		const sig = blobSignature("s", r);
		expect(signatureMatches("s", r, sig)).toBe(true);
		expect(signatureMatches("s", { ...r, size: 11 }, sig)).toBe(false);
		expect(signatureMatches("s", { ...r, method: "GET" }, sig)).toBe(false);
		expect(signatureMatches("other", r, sig)).toBe(false);
		expect(() => blobPath("/data/evidence", "evidence/../../etc/passwd")).toThrow();
		expect(blobPath("/data", r.key)).toBe(`/data/${r.key}`);
	});

	it("the form refuses too many files, other types, oversize and empty files", () => {
		const f = (name: string, type: string, size: number) => ({ name, type, size });
		expect(evidenceIssues([f("a.pdf", "application/pdf", 1000)])).toEqual([]);
		expect(evidenceIssues(Array.from({ length: 6 }, (_, i) => f(`${i}.png`, "image/png", 10)))[0]).toContain(
			"最多上传 5 个",
		);
		expect(evidenceIssues([f("a.exe", "application/x-msdownload", 10)])[0]).toContain("不是 PDF");
		expect(evidenceIssues([f("big.pdf", "application/pdf", 10 * 1024 * 1024 + 1)])[0]).toContain("超过 10 MB");
		expect(evidenceIssues([f("empty.png", "image/png", 0)])[0]).toContain("空文件");
	});
});
