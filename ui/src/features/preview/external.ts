// What the preview asks before a web or mail link leaves the app: the host
// as the URL standard parses it (a look-alike Unicode host shows in its
// ASCII form, `xn--…`), then the whole link. The backend parses it the same
// way again before anything is opened.

/** The question for `href`, or `null` when it is no link to open outside. */
export function externalLinkQuestion(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  if (url.protocol === "mailto:") return `Write an email to ${decodeURIComponent(url.pathname)}?\n\n${url.href}`;
  if ((url.protocol === "http:" || url.protocol === "https:") && url.host) {
    return `Open a page on ${url.host} in your browser?\n\n${url.href}`;
  }
  return null;
}
