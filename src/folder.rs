//! The one folder walk: a class folder scanned for its workbooks, a deposit or an output
//! folder listed file by file. Entries sorted by name; sub-folders followed only when they are
//! real folders (a link to a folder could loop).

use std::path::{Path, PathBuf};

/// Every file under `dir` (in its sub-folders too when `recursive`), sorted, leaving out the
/// entries `skip` names (files and folders alike). A folder that cannot be listed is an error
/// naming it.
pub(crate) fn walk(
    dir: &Path,
    recursive: bool,
    skip: &dyn Fn(&Path) -> bool,
) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    visit(dir, recursive, skip, &mut files)?;
    Ok(files)
}

fn visit(
    dir: &Path,
    recursive: bool,
    skip: &dyn Fn(&Path) -> bool,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let listed = std::fs::read_dir(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{} : {e}", dir.display())))?;
    let mut entries: Vec<std::fs::DirEntry> = listed.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        if skip(&path) {
            continue;
        }
        let real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if real_dir {
            if recursive {
                visit(&path, recursive, skip, out)?;
            }
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// The real sub-folders of `dir` (not links), sorted, leaving out those `skip` names.
pub(crate) fn subfolders(
    dir: &Path,
    skip: &dyn Fn(&Path) -> bool,
) -> std::io::Result<Vec<PathBuf>> {
    let listed = std::fs::read_dir(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{} : {e}", dir.display())))?;
    let mut folders: Vec<PathBuf> = listed
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .map(|entry| entry.path())
        .filter(|path| !skip(path))
        .collect();
    folders.sort();
    Ok(folders)
}

/// Every file under a folder, as `/`-separated paths relative to it, sorted: what a deposit
/// seals and what an output archive holds.
pub(crate) fn files_under(root: &Path) -> std::io::Result<Vec<String>> {
    Ok(walk(root, true, &|_| false)?
        .iter()
        .filter_map(|path| path.strip_prefix(root).ok())
        .map(|relative| {
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lists_files_sorted_and_skips_what_it_is_told() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::create_dir_all(dir.path().join(".cache")).unwrap();
        for file in ["z.txt", "a.txt", "b/c/d.txt", ".cache/x", "b/y.txt"] {
            std::fs::write(dir.path().join(file), b"x").unwrap();
        }
        assert_eq!(
            files_under(dir.path()).unwrap(),
            [".cache/x", "a.txt", "b/c/d.txt", "b/y.txt", "z.txt"]
        );
        let hidden = |p: &Path| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        };
        let top = walk(dir.path(), false, &hidden).unwrap();
        let names: Vec<_> = top
            .iter()
            .map(|p| p.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["a.txt", "z.txt"]);
    }
}
