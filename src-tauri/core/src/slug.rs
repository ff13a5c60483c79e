//! Slugs: the file name an entry's title gives, and the anchor a heading
//! gives. Computed here only: the app sends them to the UI, which never
//! slugs a text itself.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The slug of `title`: lower-cased, each run of characters other than
/// letters and digits made one `-`, with none at either end. The title is
/// composed first (Unicode NFC), so an accent typed as a combining mark
/// stays on its letter: `Cafe\u{301}` and `Café` give the same slug; a
/// combining mark left after that (a virama, a tone mark) stays with its
/// letter too: `हिन्दी` stays one word.
///
/// ```
/// assert_eq!(quire_core::slugify("CLIP: Contrastive Language-Image Pretraining"),
///            "clip-contrastive-language-image-pretraining");
/// ```
pub fn slugify(title: &str) -> String {
    // Most titles are composed already (all ASCII ones are): the quick
    // check spares them the normalizer, which the index runs on every heading.
    match is_nfc_quick(title.chars()) {
        IsNormalized::Yes => slug_of(title.chars()),
        IsNormalized::No | IsNormalized::Maybe => slug_of(title.nfc()),
    }
}

/// [`slugify`] of the characters of a composed title.
fn slug_of(characters: impl Iterator<Item = char>) -> String {
    let mut slug = String::with_capacity(characters.size_hint().0);
    let mut pending_dash = false;
    for character in characters {
        // A combining mark (a virama, a Thai tone mark, an accent with no
        // composed form) belongs to the letter before it, not between words.
        let in_word =
            character.is_alphanumeric() || (is_combining_mark(character) && !pending_dash && !slug.is_empty());
        if in_word {
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

/// The anchor of a heading, or of the `#section` of a link: what the
/// rendered heading carries as `data-anchor`, the outline sends, and links
/// are checked against. Two texts with the same [`name_key`] have the same
/// anchor.
pub fn anchor_slug(text: &str) -> String {
    slugify(&name_key(text))
}

/// The key under which names are compared: case and surrounding space ignored.
pub(crate) fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{anchor_slug, slugify};

    // File names are checked against this; it must follow DESIGN.md exactly.
    #[test]
    fn slugs_follow_the_design() {
        assert_eq!(slugify("Kaiming He"), "kaiming-he");
        assert_eq!(slugify("  AI -- in Science & Discovery!  "), "ai-in-science-discovery");
        assert_eq!(slugify("Ångström Über"), "ångström-über");
        assert_eq!(slugify("???"), "");
    }

    // Scripts whose letters carry combining signs (Devanagari, Thai, Arabic
    // vowel marks) keep them: a slug splitting a word at each sign names no
    // file a person would type, and the UI once did exactly that.
    #[test]
    fn slugs_keep_combining_signs_of_every_script() {
        assert_eq!(slugify("किताब"), "किताब");
        assert_eq!(slugify("हिन्दी भाषा"), "हिन्दी-भाषा");
        assert_eq!(slugify("ภาษาไทย ง่าย"), "ภาษาไทย-ง่าย");
        assert_eq!(slugify("اللُّغَة العربية"), "اللُّغَة-العربية");
        assert_eq!(slugify("東京 タワー"), "東京-タワー");
        assert_eq!(slugify("Rocket 🚀 Science"), "rocket-science");
        assert_eq!(slugify("\u{301}x \u{301}y"), "x-y", "a mark with no letter before it is no letter");
    }

    // An accent typed as a combining mark (macOS file names, some keyboards)
    // gives the slug of the composed letter, not a dash inside the word.
    #[test]
    fn decomposed_accents_give_the_composed_slug() {
        assert_eq!(slugify("Ångström Über"), "ångström-über");
        assert_eq!(slugify("A\u{30a}ngstro\u{308}m U\u{308}ber"), "ångström-über");
        assert_eq!(slugify("Cafe\u{301}"), slugify("Café"));
    }

    // A link's `#section` and the heading it names must meet whatever case
    // the link is written in, Greek final sigma included.
    #[test]
    fn anchors_agree_for_names_that_compare_equal() {
        assert_eq!(anchor_slug("ΟΔΟΣ"), anchor_slug("οδος"));
        assert_eq!(anchor_slug("  Career  "), "career");
        assert_eq!(anchor_slug("किताब"), "किताब");
    }
}
