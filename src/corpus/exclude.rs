//! Files and folders left out of a folder's walk (`--exclude`), matched as
//! `.gitignore` matches its globs (with the `globset` crate, ripgrep's):
//!
//! - a glob without `/` matches an entry's name at any depth: `*.js`,
//!   `searchindex-*`, `node_modules`;
//! - a glob with `/` matches the entry's path below the folder named on
//!   the command line, `*` stopping at `/` and `**` crossing folders:
//!   `book/2018-edition`, `**/print.html` (a leading `/` or `./` is
//!   dropped, a trailing `/` means a folder only).
//!
//! An excluded folder is not walked at all. A file named on the command
//! line is read whatever the globs say: the user asked for it.
//!
//! Why: documentation trees carry machine-made files beside their pages
//! (mdBook's and Sphinx's search indexes, minified scripts), which are
//! text and are read, share nothing a reader wants with the pages, and can
//! cost most of the analysis: the Rust book's HTML folder spends 5 of its
//! 7.4 core-seconds aligning its 4.7 MB search index with itself and lists
//! 555 clusters found only there.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The globs a walk leaves out (none by default). Cheap to clone.
#[derive(Clone, Default)]
pub struct Exclude(Option<Arc<Globs>>);

/// The compiled globs and the text they were given as.
struct Globs {
    patterns: Vec<String>,
    /// Globs without `/`: matched against an entry's name.
    names: GlobSet,
    /// Globs with `/`: matched against its path below the walked folder.
    paths: GlobSet,
    /// Which of `names` and of `paths` match folders only (a trailing `/`).
    names_dir_only: Vec<bool>,
    paths_dir_only: Vec<bool>,
}

impl Exclude {
    /// The exclusion of `patterns`; an error naming the first glob that
    /// cannot be read (`[abc` has no closing bracket, …).
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Exclude, String> {
        if patterns.is_empty() {
            return Ok(Exclude::default());
        }
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        let (mut names_dir_only, mut paths_dir_only) = (Vec::new(), Vec::new());
        for p in patterns {
            let given = p.as_ref();
            let mut glob = given.trim_start_matches("./");
            glob = glob.strip_prefix('/').unwrap_or(glob);
            let dir_only = glob.len() > 1 && glob.ends_with('/');
            let glob = glob.trim_end_matches('/');
            if glob.is_empty() {
                return Err(format!("--exclude '{given}': an empty glob"));
            }
            let compiled: Glob = GlobBuilder::new(glob)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| format!("--exclude '{given}': {}", e.kind()))?;
            if glob.contains('/') {
                paths.add(compiled);
                paths_dir_only.push(dir_only);
            } else {
                names.add(compiled);
                names_dir_only.push(dir_only);
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("--exclude: {e}"));
        Ok(Exclude(Some(Arc::new(Globs {
            patterns: patterns.iter().map(|p| p.as_ref().to_string()).collect(),
            names: build(names)?,
            paths: build(paths)?,
            names_dir_only,
            paths_dir_only,
        }))))
    }

    /// True when no glob was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The globs as given.
    pub fn patterns(&self) -> &[String] {
        self.0.as_ref().map_or(&[], |g| &g.patterns)
    }

    /// True when the entry at `relative` (its path below the walked
    /// folder, its name last) is left out; `dir` when it is a folder.
    pub fn excludes(&self, relative: &Path, dir: bool) -> bool {
        let Some(g) = &self.0 else {
            return false;
        };
        let hit = |set: &GlobSet, dir_only: &[bool], candidate: &Path| {
            set.matches(candidate)
                .into_iter()
                .any(|i| dir || !dir_only[i])
        };
        let name = relative.file_name().map(Path::new);
        name.is_some_and(|n| hit(&g.names, &g.names_dir_only, n))
            || hit(&g.paths, &g.paths_dir_only, relative)
    }
}

impl fmt::Debug for Exclude {
    /// The globs as given (part of the reading options' fingerprint that a
    /// saved analysis is checked against).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Exclude").field(&self.patterns()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(globs: &[&str], path: &str, dir: bool) -> bool {
        Exclude::new(globs).unwrap().excludes(Path::new(path), dir)
    }

    #[test]
    fn globs_match_as_gitignore_reads_them() {
        // (globs, path below the walked folder, is a folder, left out)
        let cases: &[(&[&str], &str, bool, bool)] = &[
            (&["*.js"], "searchindex-2a2558ff.js", false, true),
            (
                &["*.js"],
                "2018-edition/searchindex-2a2558ff.js",
                false,
                true,
            ),
            (&["*.js"], "2018-edition/print.html", false, false),
            (&["*.js"], "notes.json", false, false),
            (
                &["searchindex-*"],
                "a/b/searchindex-6a1da8cc.js",
                false,
                true,
            ),
            (&["node_modules"], "web/node_modules", true, true),
            (&["node_modules"], "web/node_modules", false, true),
            (&["build/"], "build", true, true),
            (&["build/"], "build", false, false),
            (
                &["2018-edition/*.html"],
                "2018-edition/print.html",
                false,
                true,
            ),
            (
                &["2018-edition/*.html"],
                "2018-edition/ch01/print.html",
                false,
                false,
            ),
            (
                &["2018-edition/*.html"],
                "other/2018-edition/print.html",
                false,
                false,
            ),
            (&["**/print.html"], "x/y/print.html", false, true),
            (&["**/print.html"], "print.html", false, true),
            (&["/book/2018-edition"], "book/2018-edition", true, true),
            (&["./book"], "book", true, true),
            (&["*.JS"], "a.js", false, false),
            (&["*.js", "*.css"], "theme/book.css", false, true),
            (&[r"\*.txt"], "*.txt", false, true),
            (&[r"\*.txt"], "a.txt", false, false),
        ];
        for &(globs, path, dir, out) in cases {
            assert_eq!(
                excluded(globs, path, dir),
                out,
                "{globs:?} on {path} (folder: {dir})"
            );
        }
        assert!(!Exclude::default().excludes(Path::new("a.js"), false));
    }

    #[test]
    fn a_glob_that_cannot_be_read_is_named() {
        assert_eq!(
            Exclude::new(&["*.md", "[abc"]).err().unwrap(),
            "--exclude '[abc': unclosed character class; missing ']'"
        );
        assert_eq!(
            Exclude::new(&["/"]).err().unwrap(),
            "--exclude '/': an empty glob"
        );
        assert_eq!(
            format!("{:?}", Exclude::new(&["*.js", "a/"]).unwrap()),
            r#"Exclude(["*.js", "a/"])"#
        );
    }
}
