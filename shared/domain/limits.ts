/**
 * Text limits of the API. Defined once in web/js/limits.js — a plain module the pages load without a
 * build step — so the forms' live counters and these schemas refuse at the same number.
 */
export { textLimits } from "../../web/js/limits.js";
