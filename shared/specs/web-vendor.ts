/**
 * Third-party files the web pages load, served from the installed npm packages under web/vendor/
 * (never a CDN): path below web/ → file below node_modules/. The local home serves them from here;
 * a deployment of web/ copies them to the same paths.
 */
export const webVendor: Readonly<Record<string, string>> = {
	"vendor/echarts.js": "echarts/dist/echarts.esm.min.js",
};
