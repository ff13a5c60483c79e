//! The front matter, cut into its top-level YAML keys so that it merges key
//! by key. Only the shape is read (a key is a line starting with a name and
//! a colon, its value the lines up to the next key); a block whose shape is
//! not that is merged as text by the caller.

/// A front matter block: `---` line, fields, closing line and what follows.
pub(super) struct Block<'a> {
    pub(super) open: &'a str,
    pub(super) fields: Vec<Field<'a>>,
    pub(super) close: &'a str,
}

/// One top-level key and its lines (the key line included). Lines before
/// the first key (comments) are a field with the empty key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Field<'a> {
    pub(super) key: &'a str,
    pub(super) text: &'a str,
}

impl<'a> Block<'a> {
    /// The block, or `None` when `text` is not one or repeats a key.
    pub(super) fn parse(text: &'a str) -> Option<Block<'a>> {
        let mut lines = text.split_inclusive('\n');
        let open = lines.next()?;
        if open.trim_end() != "---" {
            return None;
        }
        let mut offset = open.len();
        let body_start = offset;
        let mut close_start = None;
        let mut starts: Vec<(usize, &str)> = Vec::new();
        for line in lines {
            let content = line.trim_end();
            if content == "---" || content == "..." {
                close_start = Some(offset);
                break;
            }
            if let Some(key) = key_of(line) {
                if starts.iter().any(|&(_, seen)| seen == key) {
                    return None;
                }
                starts.push((offset, key));
            } else if starts.is_empty() && offset == body_start {
                starts.push((offset, ""));
            }
            offset += line.len();
        }
        let close_start = close_start?;
        let mut fields = Vec::with_capacity(starts.len());
        for (position, &(start, key)) in starts.iter().enumerate() {
            let end = starts.get(position + 1).map_or(close_start, |&(next, _)| next);
            fields.push(Field { key, text: &text[start..end] });
        }
        Some(Block { open, fields, close: &text[close_start..] })
    }

    pub(super) fn field(&self, key: &str) -> Option<&'a str> {
        self.fields.iter().find(|field| field.key == key).map(|field| field.text)
    }
}

/// The key a line starts, if it starts one (`name:` at the left margin).
fn key_of(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '-', '#', '\r', '\n']) {
        return None;
    }
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    if !after.is_empty() && !after.starts_with([' ', '\t', '\r', '\n']) {
        return None;
    }
    Some(line[..colon].trim())
}

/// A field's value on its key line (after the colon), trimmed and unquoted.
pub(super) fn inline_value(field: &str) -> &str {
    let line = field.split_inclusive('\n').next().unwrap_or(field);
    let value = line.split_once(':').map_or("", |(_, value)| value).trim();
    value.trim_matches(|c| c == '"' || c == '\'')
}

/// The items of a flow list value (`[a, b]`); `None` for anything else,
/// including quoted items (a comma inside quotes would be misread).
pub(super) fn flow_items(field: &str) -> Option<Vec<&str>> {
    if field.trim_end().contains('\n') {
        return None;
    }
    let line = field.trim_end();
    let value = line.split_once(':')?.1.trim();
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if inner.contains(['"', '\'', '[', ']', '{', '}']) {
        return None;
    }
    Some(inner.split(',').map(str::trim).filter(|item| !item.is_empty()).collect())
}

/// The item lines of a block list value (a key line with nothing after the
/// colon, then `- item` lines); `None` for anything else.
pub(super) fn block_items(field: &str) -> Option<(&str, Vec<&str>)> {
    let mut lines = field.split_inclusive('\n');
    let key_line = lines.next()?;
    if !key_line.split_once(':')?.1.trim().is_empty() {
        return None;
    }
    let items: Vec<&str> = lines.collect();
    items.iter().all(|line| line.trim_start().starts_with("- ")).then_some((key_line, items))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Keys with nested values keep their lines; comments before the first key are kept too.
    #[test]
    fn cuts_by_key() {
        let text = "---\n# note\ntitle: A\naliases:\n  - B\n  - C\nstatus: draft\n---\n\n";
        let block = Block::parse(text).unwrap();
        let fields: Vec<(&str, &str)> = block.fields.iter().map(|field| (field.key, field.text)).collect();
        assert_eq!(
            fields,
            [
                ("", "# note\n"),
                ("title", "title: A\n"),
                ("aliases", "aliases:\n  - B\n  - C\n"),
                ("status", "status: draft\n")
            ]
        );
        assert_eq!(block.close, "---\n\n");
        assert_eq!(block_items("aliases:\n  - B\n  - C\n").unwrap().1, ["  - B\n", "  - C\n"]);
        assert_eq!(flow_items("aliases: [B, C]\n").unwrap(), ["B", "C"]);
        assert_eq!(inline_value("reviewed: '2026-01-02'\n"), "2026-01-02");
    }

    // A repeated key or no closing line: not a block this module merges.
    #[test]
    fn refuses_odd_shapes() {
        assert!(Block::parse("---\na: 1\na: 2\n---\n").is_none());
        assert!(Block::parse("---\na: 1\n").is_none());
        assert!(Block::parse("title: x\n---\n").is_none());
    }
}
