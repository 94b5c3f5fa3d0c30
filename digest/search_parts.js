// The search index of this site, written by digest: Pagefind's API over an index kept in parts
// (0/, 1/, ...), so that an edit re-indexes one part rather than the whole site.  This module
// loads the first part's Pagefind and merges the other parts that have pages into it (Pagefind's
// mergeIndex), each with the options given here; every address is relative to this file, so
// the index works under a sub-path.

import * as pagefind from "./0/pagefind.js";

const PARTS = /*PARTS*/[];
const settings = {};
let merged = null;

export async function options(given) {
  Object.assign(settings, given);
  return pagefind.options(given);
}

export function init() {
  merged ??= (async () => {
    await pagefind.init();
    const { basePath: _basePath, ...shared } = settings;
    // Started together; each part takes its place in the order of the calls.
    await Promise.all(PARTS.map((part) => pagefind.mergeIndex(new URL(`./${part}/`, import.meta.url).href, { ...shared })));
  })();
  return merged;
}

export async function search(term, given) {
  await init();
  return pagefind.search(term, given);
}

export async function debouncedSearch(term, given, timeout) {
  await init();
  return pagefind.debouncedSearch(term, given, timeout);
}

export async function preload(term, given) {
  await init();
  return pagefind.preload(term, given);
}

export async function filters() {
  await init();
  return pagefind.filters();
}

export const mergeIndex = pagefind.mergeIndex;

export async function destroy() {
  merged = null;
  return pagefind.destroy();
}
