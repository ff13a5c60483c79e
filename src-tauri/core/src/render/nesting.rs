//! How deep the element tree of some HTML would grow, estimated in linear
//! time, so that the sanitizer is never handed a deep tree.
//!
//! html5ever (under ammonia) checks element scopes by walking its stack of
//! open elements, so its time grows with the number of tags times the
//! nesting depth: 16 KiB of nested lists written on one line (`- - - a`)
//! took 7 s to sanitize, and the time roughly quintupled per doubling.
//! Rendering asks [`deeper_than`] first and renders a part flattened when
//! its tree would be too deep.
//!
//! The estimate runs html5ever's tokenizer (linear) and keeps a stack of
//! open elements with the implied end tags that legitimate HTML relies on
//! (`<li>`, `<p>`, `<td>`, `<tr>`, `<option>` left open). It may be off by
//! a small factor either way (the tree builder also inserts `<tbody>` and
//! re-opens formatting elements), which is enough to keep html5ever's work
//! linear.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::{LocalName, TokenizerResult};

/// Whether the element tree of `html` would nest deeper than `limit`.
pub(super) fn deeper_than(html: &str, limit: usize) -> bool {
    // Nesting needs start tags: with no more than `limit` of them there is
    // no need to tokenize (most parts, and text full of escaped `<`).
    let bytes = html.as_bytes();
    let tags = positions_of(b'<', bytes).filter(|&at| bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic));
    if tags.take(limit + 1).count() <= limit {
        return false;
    }
    let tokenizer = Tokenizer::new(Stack { limit, ..Stack::default() }, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    // The sink never pauses the tokenizer for a script, so one feed reads it all.
    while let TokenizerResult::Script(()) = tokenizer.feed(&queue) {}
    tokenizer.end();
    tokenizer.sink.too_deep.get()
}

fn positions_of(needle: u8, bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter_map(move |(at, &byte)| (byte == needle).then_some(at))
}

/// Elements that never have children.
#[rustfmt::skip]
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Start tags that close an open `<p>` first.
#[rustfmt::skip]
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li",
    "dd", "dt", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "search", "section", "summary",
    "table", "ul", "xmp",
];

/// Elements a search for an implied end tag does not look past.
#[rustfmt::skip]
const SCOPE: &[&str] = &[
    "applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th", "mi", "mo", "mn",
    "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title",
];

/// Start tags that leave SVG or MathML content for HTML.
#[rustfmt::skip]
const LEAVES_FOREIGN: &[&str] = &[
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre",
    "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

#[derive(Default)]
struct Stack {
    open: RefCell<Vec<LocalName>>,
    limit: usize,
    too_deep: Cell<bool>,
}

/// Closes the nearest open `targets` element (and all above it), unless a
/// `boundaries` element or a scope boundary comes first.
fn close_nearest(open: &mut Vec<LocalName>, targets: &[&str], boundaries: &[&str]) {
    close_before(open, targets, |name| boundaries.contains(&name) || SCOPE.contains(&name));
}

/// Like [`close_nearest`] inside a table, where cells end at a new cell or row.
fn close_in_table(open: &mut Vec<LocalName>, targets: &[&str], boundaries: &[&str]) {
    close_before(open, targets, |name| boundaries.contains(&name) || name == "table");
}

fn close_before(open: &mut Vec<LocalName>, targets: &[&str], stop: impl Fn(&str) -> bool) {
    for position in (0..open.len()).rev() {
        let name = &*open[position];
        if targets.contains(&name) {
            open.truncate(position);
            return;
        }
        if stop(name) {
            return;
        }
    }
}

fn close_top(open: &mut Vec<LocalName>, targets: &[&str]) {
    if open.last().is_some_and(|name| targets.contains(&&**name)) {
        open.pop();
    }
}

/// The end tags HTML lets authors leave out, applied before `name` opens.
fn implied_end_tags(open: &mut Vec<LocalName>, name: &str) {
    if CLOSES_P.contains(&name) {
        close_nearest(open, &["p"], &[]);
    }
    match name {
        "li" => close_nearest(open, &["li"], &["ul", "ol"]),
        "dd" | "dt" => close_nearest(open, &["dd", "dt"], &["dl"]),
        "tr" => close_in_table(open, &["tr"], &["tbody", "thead", "tfoot"]),
        "td" | "th" => close_in_table(open, &["td", "th"], &["tr"]),
        "tbody" | "thead" | "tfoot" => close_in_table(open, &["tbody", "thead", "tfoot"], &[]),
        "option" => close_top(open, &["option"]),
        "optgroup" => {
            close_top(open, &["option"]);
            close_top(open, &["optgroup"]);
        }
        "a" | "nobr" | "button" => close_nearest(open, &[name], &[]),
        _ if HEADINGS.contains(&name) => close_top(open, HEADINGS),
        _ => {}
    }
}

impl TokenSink for Stack {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if self.too_deep.get() {
            return TokenSinkResult::Continue;
        }
        let mut open = self.open.borrow_mut();
        let name = &*tag.name;
        if tag.kind == TagKind::EndTag {
            if let Some(position) = open.iter().rposition(|open_name| &**open_name == name) {
                open.truncate(position);
            }
            return TokenSinkResult::Continue;
        }
        let foreign_root = open.iter().position(|open_name| matches!(&**open_name, "svg" | "math"));
        if let Some(root) = foreign_root {
            if LEAVES_FOREIGN.contains(&name) {
                open.truncate(root);
            } else {
                // Inside SVG or MathML, `/>` closes an element and no tag
                // switches the tokenizer to raw text.
                if !tag.self_closing {
                    open.push(tag.name.clone());
                }
                self.too_deep.set(open.len() > self.limit);
                return TokenSinkResult::Continue;
            }
        }
        implied_end_tags(&mut open, name);
        if VOID.contains(&name) {
            return TokenSinkResult::Continue;
        }
        open.push(tag.name.clone());
        self.too_deep.set(open.len() > self.limit);
        // Only the tree builder knows which elements hold raw text; tell the
        // tokenizer as it would, or their contents would count as tags.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Legitimate HTML leaves end tags out; that must not count as nesting.
    #[test]
    fn implied_end_tags_do_not_nest() {
        let list = format!("<ul>{}</ul>", "<li>item".repeat(200));
        let table = format!("<table>{}</table>", "<tr><td>a<td>b".repeat(200));
        let paragraphs = "<p>one".repeat(200);
        let options = format!("<select>{}</select>", "<option>x".repeat(200));
        let voids = "<br><img src=x><hr><input>".repeat(200);
        let svg = format!("<svg>{}</svg>", "<path d=\"x\"/>".repeat(200));
        for html in [list, table, paragraphs, options, voids, svg] {
            assert!(!deeper_than(&html, 8), "{}", &html[..40]);
        }
    }

    // What html5ever would nest, deep or hidden in raw text, is counted
    // the way html5ever counts it.
    #[test]
    fn counts_what_really_nests() {
        assert!(deeper_than(&"<blockquote>".repeat(10), 8));
        assert!(deeper_than(&"<ul><li>".repeat(5), 8));
        assert!(deeper_than(&"<div/>".repeat(10), 8), "`/>` does not close an HTML element");
        assert!(deeper_than(&format!("<svg>{}", "<g>".repeat(10)), 8));
        assert!(deeper_than(&format!("<svg><style>{}", "<g>".repeat(10)), 8), "no raw text in SVG");
        assert!(!deeper_than(&format!("<style>{}</style>", "<div>".repeat(10)), 8), "raw text holds no tags");
        assert!(!deeper_than(&format!("<textarea>{}</textarea>", "<div>".repeat(10)), 8));
        assert!(!deeper_than(&format!("<!--{}-->", "<div>".repeat(10)), 8));
        assert!(!deeper_than(&"<div></div>".repeat(100), 8));
    }
}
