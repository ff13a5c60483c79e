// The slug of a heading or title, as quire-core's `slugify` computes it:
// lower-cased, each run of characters other than letters and digits made one
// `-`, none at either end. Wiki links carry `data-anchor` in this form;
// rendered headings carry no id, so the preview finds them by slug.

export function slugify(text: string): string {
  let slug = "";
  let pendingDash = false;
  for (const character of text) {
    if (/[\p{L}\p{N}]/u.test(character)) {
      if (pendingDash && slug !== "") slug += "-";
      pendingDash = false;
      slug += character.toLowerCase();
    } else {
      pendingDash = true;
    }
  }
  return slug;
}
