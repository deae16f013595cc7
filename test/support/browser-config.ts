/** How the page tests run Chromium: Debian's binary (never a downloaded browser) with these flags. */
export const chromiumPath = "/usr/bin/chromium";
export const chromiumArgs = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
];
