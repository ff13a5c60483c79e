//! Finding a wiki's entries: every `*.md` file under the root, skipping
//! hidden folders (`.git`, `.obsidian`, ...).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Every `*.md` file under `root`, recursively, skipping folders whose name
/// starts with `.`; sorted, so callers see a stable order.
pub fn find_markdown_files(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for dirent in fs::read_dir(&dir)? {
            let dirent = dirent?;
            let path = dirent.path();
            let hidden = dirent.file_name().to_string_lossy().starts_with('.');
            let file_type = dirent.file_type()?;
            // Follow symlinks to decide what the entry is.
            let (is_dir, is_file) = if file_type.is_symlink() {
                match fs::metadata(&path) {
                    Ok(meta) => (meta.is_dir(), meta.is_file()),
                    Err(_) => (false, false),
                }
            } else {
                (file_type.is_dir(), file_type.is_file())
            };
            if is_dir {
                if !hidden {
                    stack.push(path);
                }
            } else if is_file && path.extension().is_some_and(|ext| ext == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
