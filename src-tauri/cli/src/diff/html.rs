//! The diff as one self-contained HTML page a reviewer can open: inline
//! styles, no scripts, no remote resources; every piece of entry text is
//! escaped. Unchanged sections are folded (`<details>`).

use std::fmt::Write as _;
use std::io::{self, Write};

use quire_core::{Change, ChangeOp, EntryDiff, FieldChanges, ListChanges, SectionDiff, SectionStatus, escape_html};

const STYLE: &str = "\
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328}\
h1{font-size:1.2rem;word-break:break-all}.summary{color:#57606a}\
section,details{border:1px solid #d0d7de;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}\
h2{font-size:1rem;margin:.25rem 0}summary{cursor:pointer;font-weight:600}\
.status{font-size:.8rem;font-weight:600;border-radius:1em;padding:0 .6em;margin-right:.5em;background:#eaeef2}\
.modified{background:#fff8c5}.added{background:#dafbe1}.removed{background:#ffebe9}\
.moved,.renamed{background:#ddf4ff}\
pre{white-space:pre-wrap;word-wrap:break-word;font:13px/1.5 ui-monospace,monospace;margin:.5rem 0}\
del{background:#ffebe9;color:#82071e}ins{background:#dafbe1;color:#116329;text-decoration:none}\
.note{display:block;color:#0969da;font-style:italic}\
.arrived{display:block;border-left:3px solid #0969da;padding-left:.5rem}\
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}";

/// Writes the page.
pub(crate) fn write(out: &mut impl Write, diff: &EntryDiff) -> io::Result<()> {
    let mut page = String::with_capacity(4096 + diff.sections.iter().map(section_size).sum::<usize>() * 2);
    let title = format!("{} \u{2192} {}", diff.old, diff.new);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may load or run, even if a browser were tricked into it.
    page.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    push(&mut page, format_args!("<title>Diff: {}</title>\n<style>{STYLE}</style>\n", escape(&title)));
    page.push_str("</head>\n<body>\n");
    push(&mut page, format_args!("<h1>{}</h1>\n", escape(&title)));
    push(&mut page, format_args!("<p class=\"summary\">{}</p>\n", escape(&diff.summary())));
    for section in &diff.sections {
        write_section(&mut page, diff, section);
    }
    write_fields(&mut page, "Snapshot", &diff.snapshot);
    write_list(&mut page, "Related Pages", &diff.related);
    write_list(&mut page, "Sources", &diff.sources);
    write_fields(&mut page, "Front matter", &diff.front_matter);
    page.push_str("</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

/// Entry text for the page: markup escaped, and control and bidi characters
/// shown as the terminal shows them, so the page read in a terminal is safe
/// and a reviewer sees in a browser what the text holds.
fn escape(text: &str) -> String {
    escape_html(&crate::terminal::escape(text))
}

fn section_size(section: &SectionDiff) -> usize {
    section.changes.iter().map(|change| change.text.len()).sum()
}

/// `write!` to a `String` cannot fail.
fn push(page: &mut String, arguments: std::fmt::Arguments<'_>) {
    page.write_fmt(arguments).unwrap_or_default();
}

fn heading(heading: &Option<String>) -> String {
    heading.clone().unwrap_or_else(|| "Lead".to_owned())
}

fn write_section(page: &mut String, diff: &EntryDiff, section: &SectionDiff) {
    let name = match section.status {
        SectionStatus::Renamed => {
            format!("{} \u{2192} {}", heading(&section.old_heading), heading(&section.new_heading))
        }
        SectionStatus::Removed => heading(&section.old_heading),
        _ => heading(&section.new_heading),
    };
    let status = section.status.as_str();
    let badge = format!("<span class=\"status {status}\">{status}</span>{}", escape(&name));
    if section.status == SectionStatus::Unchanged {
        push(page, format_args!("<details>\n<summary>{badge}</summary>\n<pre>"));
    } else {
        push(page, format_args!("<section>\n<h2>{badge}</h2>\n<pre>"));
    }
    for change in &section.changes {
        match change.moved.and_then(|index| diff.moves.get(index)) {
            Some(moved) if change.op == ChangeOp::Insert => {
                push(
                    page,
                    format_args!(
                        "<span class=\"arrived\"><span class=\"note\">\u{21e4} paragraph moved here from {}</span>",
                        escape(&heading(&moved.from_heading))
                    ),
                );
                write_changes(page, &moved.changes);
                page.push_str("</span>");
            }
            Some(moved) => push(
                page,
                format_args!(
                    "<span class=\"note\">\u{21e5} paragraph moved to {}</span>",
                    escape(&heading(&moved.to_heading))
                ),
            ),
            None => write_changes(page, std::slice::from_ref(change)),
        }
    }
    let end = if section.status == SectionStatus::Unchanged { "</details>" } else { "</section>" };
    push(page, format_args!("</pre>\n{end}\n"));
}

fn write_changes(page: &mut String, changes: &[Change]) {
    for change in changes {
        let text = escape(&change.text);
        match change.op {
            ChangeOp::Equal => page.push_str(&text),
            ChangeOp::Delete => push(page, format_args!("<del>{text}</del>")),
            ChangeOp::Insert => push(page, format_args!("<ins>{text}</ins>")),
        }
    }
}

fn write_fields(page: &mut String, name: &str, changes: &FieldChanges) {
    if changes.is_empty() {
        return;
    }
    push(
        page,
        format_args!("<section>\n<h2>{name}</h2>\n<table>\n<tr><th></th><th>key</th><th>old</th><th>new</th></tr>\n"),
    );
    for field in &changes.changed {
        let (key, old, new) = (escape(&field.key), escape(&field.old), escape(&field.new));
        push(
            page,
            format_args!("<tr><td>changed</td><td>{key}</td><td><del>{old}</del></td><td><ins>{new}</ins></td></tr>\n"),
        );
    }
    for field in &changes.added {
        let (key, value) = (escape(&field.key), escape(&field.value));
        push(page, format_args!("<tr><td>added</td><td>{key}</td><td></td><td><ins>{value}</ins></td></tr>\n"));
    }
    for field in &changes.removed {
        let (key, value) = (escape(&field.key), escape(&field.value));
        push(page, format_args!("<tr><td>removed</td><td>{key}</td><td><del>{value}</del></td><td></td></tr>\n"));
    }
    page.push_str("</table>\n</section>\n");
}

fn write_list(page: &mut String, name: &str, changes: &ListChanges) {
    if changes.is_empty() {
        return;
    }
    push(page, format_args!("<section>\n<h2>{name}</h2>\n<ul>\n"));
    for item in &changes.added {
        push(page, format_args!("<li><ins>+ {}</ins></li>\n", escape(item)));
    }
    for item in &changes.removed {
        push(page, format_args!("<li><del>\u{2212} {}</del></li>\n", escape(item)));
    }
    page.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    // Entry text is untrusted: nothing in it may become markup.
    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;"
        );
    }
}
