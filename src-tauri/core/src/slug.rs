//! Slugs: the file name an entry's title gives.

/// The slug of `title`: lower-cased, each run of characters other than
/// letters and digits made one `-`, with none at either end.
///
/// ```
/// assert_eq!(quire_core::slugify("CLIP: Contrastive Language-Image Pretraining"),
///            "clip-contrastive-language-image-pretraining");
/// ```
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut pending_dash = false;
    for character in title.chars() {
        if character.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(character.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// The key under which names are compared: case and surrounding space ignored.
pub(crate) fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::slugify;

    // File names are checked against this; it must follow DESIGN.md exactly.
    #[test]
    fn slugs_follow_the_design() {
        assert_eq!(slugify("Kaiming He"), "kaiming-he");
        assert_eq!(slugify("  AI -- in Science & Discovery!  "), "ai-in-science-discovery");
        assert_eq!(slugify("Ångström Über"), "ångström-über");
        assert_eq!(slugify("???"), "");
    }
}
