// A client-side app: every page is prerendered as a shell and runs in the browser.
export const prerender = true;
export const ssr = false;
