//! Text for the terminal, below both `app` and `ui`: [`wrap`] lays document
//! lines out in rows (display width, tabs, controls made visible), and the
//! helpers here cut, pad and flatten strings to a number of columns.

pub mod wrap;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A similarity (0..=1) as a whole percentage, rounded to the nearest but
/// never up to 100 unless it is 1 (copies 99.6% alike are not "100%
/// similar") nor down to 0 unless it is 0.
pub fn percent(similarity: f64) -> u32 {
    let p = (similarity.clamp(0.0, 1.0) * 100.0).round() as u32;
    if similarity < 1.0 {
        p.clamp(u32::from(similarity > 0.0), 99)
    } else {
        100
    }
}

/// `s` cut to at most `width` columns, with "…" when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if w + gw + 1 > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` cut to at most `width` columns so that what follows its first
/// `shared` graphemes stays in view: the names of a sorted list often share
/// a long start (`gcloud_ai_index-endpoints_deploy-index`,
/// `gcloud_ai_index-endpoints_describe`), and cut at the end they would
/// all read the same. As [`fit`] when that shows three graphemes or more
/// past the shared start, or when all of `s` is shared. Else "…" and the
/// end of `s` when that reaches back to the shared start; or "…" and the
/// rest of `s` from the start of the word the shared start ends in (two
/// graphemes back when that word began more than six before), cut by
/// [`fit`].
pub fn fit_apart(s: &str, width: usize, shared: usize) -> String {
    if s.width() <= width || width < 4 {
        return fit(s, width);
    }
    let g: Vec<&str> = s.graphemes(true).collect();
    let (mut w, mut shown) = (0, 0);
    for x in &g {
        if w + x.width() + 1 > width {
            break;
        }
        w += x.width();
        shown += 1;
    }
    // A shared start that is all of `s` (the same title twice) leaves
    // nothing to keep in view.
    if shown >= shared + 3 || shared >= g.len() {
        return fit(s, width);
    }
    // The end of `s`, as much as fits beside "…", when it reaches back to
    // where `s` parts from its neighbours.
    let start = tail_start(&g, width);
    if start <= shared {
        return format!("…{}", g[start..].concat());
    }
    // From the start of the word it parts in (`bash` of `# /etc/bash.bashrc`
    // beside `# /etc/profile`), when that is near; else two graphemes back.
    let word = |x: &str| x.chars().all(char::is_alphanumeric);
    let mut from = shared.min(g.len());
    while from > 0 && shared - from < 6 && word(g[from - 1]) {
        from -= 1;
    }
    if from > 0 && word(g[from - 1]) {
        from = shared.saturating_sub(2);
    }
    format!("…{}", fit(&g[from..].concat(), width - 1))
}

/// Each of `items` (names or titles, in the order they are shown, one
/// under the other) flattened as [`excerpt`] does and cut to `width`
/// columns apart from the items before and after it ([`fit_apart`]).
/// Items are flattened to 512 columns at most first: a title may be a
/// line of thousands of characters.
pub fn fit_list<S: AsRef<str>>(items: &[S], width: usize) -> Vec<String> {
    fit_beside(items, |s, start, _| fit_apart(s, width, start))
}

/// Each of `items` flattened as [`excerpt`] does (to 512 columns at most:
/// a title may be a line of thousands of characters) and cut by `cut(item,
/// shared start, shared end)`, the graphemes it shares at its start and at
/// its end with the item above or below it, whichever shares more.
fn fit_beside<S: AsRef<str>>(
    items: &[S],
    cut: impl Fn(&str, usize, usize) -> String,
) -> Vec<String> {
    let flat: Vec<String> = items.iter().map(|s| excerpt(s.as_ref(), 512)).collect();
    (0..flat.len())
        .map(|i| {
            let near = [i.checked_sub(1), Some(i + 1)];
            let others = near.iter().filter_map(|j| j.and_then(|j| flat.get(j)));
            let (start, end) = others.fold((0, 0), |(s, e), o| {
                (
                    s.max(shared_start(&flat[i], o)),
                    e.max(shared_end(&flat[i], o)),
                )
            });
            cut(&flat[i], start, end)
        })
        .collect()
}

/// Where the end of `g` that fits beside "…" in `width` columns starts.
fn tail_start(g: &[&str], width: usize) -> usize {
    let (mut w, mut start) = (0, g.len());
    while start > 0 && w + g[start - 1].width() < width {
        start -= 1;
        w += g[start].width();
    }
    start
}

/// A path cut to at most `width` columns keeping its end, where the file
/// name is: "…/examples/accessanalyzer/apply-archive-rule.rst" rather
/// than "/root/.pyenv/versions/3.11.7/lib/python3.11/site-pack…". The cut
/// falls at a folder's start when a folder stays in view. As [`fit`] when
/// the file name alone does not fit, or `s` names no folder.
pub fn fit_path(s: &str, width: usize) -> String {
    if s.width() <= width || width < 4 {
        return fit(s, width);
    }
    let file = s.rsplit(['/', '\\']).next().unwrap_or(s);
    if file.len() == s.len() || file.width() + 2 > width {
        return fit(file, width);
    }
    let g: Vec<&str> = s.graphemes(true).collect();
    let tail = g[tail_start(&g, width)..].concat();
    // At a folder's start, when a folder is left after it.
    let cut = tail
        .find(['/', '\\'])
        .filter(|&i| tail[i + 1..].contains(['/', '\\']))
        .unwrap_or(0);
    format!("…{}", &tail[cut..])
}

/// A document's name ([`crate::app::library::distinct_names`]) cut to
/// `width` columns keeping in view what tells it apart: a name with
/// folders (`accessanalyzer/list-findings.rst`, there because
/// `guardduty/list-findings.rst` exists) keeps its file name whole and the
/// start of its folders ("access…/list-findings.rst"), unless its file
/// name ends as a neighbour's does (`shared_end` graphemes: every row is
/// `…/README.md`); other names are cut by [`fit_apart`] with `shared`.
pub fn fit_name(s: &str, width: usize, shared: usize, shared_end: usize) -> String {
    if s.width() <= width || width < 4 {
        return fit(s, width);
    }
    if let Some(slash) = s.rfind(['/', '\\']) {
        let (folders, file) = (&s[..slash], &s[slash + 1..]);
        let own_file = shared_end < file.graphemes(true).count();
        // At least three columns of the folders beside "…/".
        if own_file && file.width() + 5 <= width && !folders.is_empty() {
            let kept = fit(folders, width - file.width() - 1);
            let kept = kept.strip_suffix('…').unwrap_or(&kept);
            return format!("{kept}…/{file}");
        }
        // No room for the folders: the file name, which tells more.
        if own_file && file.width() + 2 <= width {
            return format!("…/{file}");
        }
    }
    fit_apart(s, width, shared)
}

/// Each of `names` (document names, listed one under the other) cut to
/// `width` columns by [`fit_name`], apart from the names above and below.
pub fn fit_names<S: AsRef<str>>(names: &[S], width: usize) -> Vec<String> {
    fit_beside(names, |s, start, end| fit_name(s, width, start, end))
}

/// A single document name cut to `width` columns ([`fit_name`], with no
/// neighbours), flattened as [`excerpt`] does: for status bars and headers.
pub fn name_excerpt(name: &str, width: usize) -> String {
    fit_name(&excerpt(name, 512), width, 0, 0)
}

/// Graphemes at the end of `a` that `b` ends with too.
pub fn shared_end(a: &str, b: &str) -> usize {
    a.graphemes(true)
        .rev()
        .zip(b.graphemes(true).rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Graphemes at the start of `a` that `b` starts with too.
pub fn shared_start(a: &str, b: &str) -> usize {
    a.graphemes(true)
        .zip(b.graphemes(true))
        .take_while(|(x, y)| x == y)
        .count()
}

/// `s` with control characters made visible and runs of whitespace collapsed,
/// cut to `width` columns: a one-line excerpt of document text.
pub fn excerpt(s: &str, width: usize) -> String {
    let mut flat = String::new();
    for word in s.split_whitespace() {
        if !flat.is_empty() {
            flat.push(' ');
        }
        for g in word.graphemes(true) {
            flat.push_str(&wrap::sanitize(g));
        }
        if flat.len() > width * 4 + 16 {
            break;
        }
    }
    fit(&flat, width)
}

/// A line padded with spaces (or cut) to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let w = s.width();
    s + &" ".repeat(width.saturating_sub(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_reach_100_and_0_only_when_exact() {
        assert_eq!(percent(1.0), 100);
        assert_eq!(percent(0.996), 99);
        assert_eq!(percent(0.994), 99);
        assert_eq!(percent(0.876), 88);
        assert_eq!(percent(0.004), 1);
        assert_eq!(percent(0.0), 0);
    }

    #[test]
    fn names_beside_their_like_keep_what_tells_them_apart() {
        let a = "gcloud_ai_index-endpoints_deploy-index";
        let b = "gcloud_ai_index-endpoints_describe";
        let n = shared_start(a, b);
        assert_eq!(n, 28);
        // The end of each, which differs.
        assert_eq!(fit_apart(a, 20, n), "…points_deploy-index");
        assert_eq!(fit_apart(b, 20, n), "…-endpoints_describe");
        // A short shared start: cut at the end as `fit` does.
        assert_eq!(
            fit_apart("adler2-2.0.1/README.md", 20, 1),
            "adler2-2.0.1/README…"
        );
        // Fits: unchanged; too narrow to help: `fit`.
        assert_eq!(fit_apart(b, 40, n), b);
        assert_eq!(fit_apart(a, 3, n), "gc…");
        // The part past the shared start longer than the width: cut too.
        let long = "report_2024_quarterly_figures_for_every_region_of_the_country";
        let other = "report_2024_quarterly_figures_for_eastern_branches";
        let m = shared_start(long, other);
        assert_eq!(m, 35);
        assert_eq!(fit_apart(long, 16, m), "…every_region_o…");
        // A title parting inside a word: from that word's start.
        let bash = "# /etc/bash.bashrc: system-wide .bashrc file";
        let profile = "# /etc/profile: system-wide .profile file";
        assert_eq!(
            fit_apart(bash, 10, shared_start(bash, profile)),
            "…bash.bas…"
        );
        assert_eq!(
            fit_apart("RustCrypto: Authenticated Encryption", 12, 13),
            "…Authentica…"
        );
        // A list: each item apart from the ones above and below it.
        assert_eq!(
            fit_list(&[a, b, "gcloud_ai_indexes"], 20),
            [
                "…points_deploy-index",
                "…-endpoints_describe",
                "gcloud_ai_indexes"
            ]
        );
        // The same text beside it: nothing tells it apart, cut at the end.
        assert_eq!(fit_apart(a, 20, 38), fit(a, 20));
        // Wide characters count by their columns.
        assert_eq!(fit_apart("共享的开头甲乙丙", 9, 5), "…头甲乙丙");
    }

    #[test]
    fn paths_and_names_keep_their_file_names() {
        let p = "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/awscli/examples/accessanalyzer/apply-archive-rule.rst";
        // The end, from a folder's start.
        assert_eq!(
            fit_path(p, 50),
            "…/examples/accessanalyzer/apply-archive-rule.rst"
        );
        assert_eq!(fit_path(p, 40), "…/accessanalyzer/apply-archive-rule.rst");
        // No folder would be left after the cut: as much as fits.
        assert_eq!(fit_path(p, 30), "…alyzer/apply-archive-rule.rst");
        // The file name alone too long: its start.
        assert_eq!(fit_path(p, 16), "apply-archive-r…");
        assert_eq!(fit_path("notes.txt", 20), "notes.txt");
        assert_eq!(fit_path("a-very-long-file-name.txt", 10), "a-very-lo…");
        // A name with folders keeps its file name and the folders' start.
        assert_eq!(
            fit_name("accessanalyzer/list-findings.rst", 25, 0, 0),
            "access…/list-findings.rst"
        );
        // Too narrow for three columns of folders: the file name alone,
        // else cut as a plain name.
        assert_eq!(
            fit_name("accessanalyzer/list-findings.rst", 20, 0, 0),
            "…/list-findings.rst"
        );
        assert_eq!(
            fit_name("accessanalyzer/list-findings.rst", 16, 0, 0),
            "accessanalyzer/…"
        );
        // A neighbour that is the same file name: the folders tell it apart.
        assert_eq!(
            fit_names(&["README.md", "accessanalyzer/README.md"], 20),
            ["README.md", "accessanalyzer/READ…"]
        );
        // Every name ends in the same file: its folders tell it apart.
        assert_eq!(
            fit_names(&["adler2-2.0.1/README.md", "aead-0.5.2/README.md"], 20),
            ["adler2-2.0.1/README…", "aead-0.5.2/README.md"]
        );
        assert_eq!(
            shared_end("adler2-2.0.1/README.md", "aead-0.5.2/README.md"),
            10
        );
        // Beside names of their own, names with folders keep their files.
        assert_eq!(
            fit_names(
                &[
                    "list-findings-v2",
                    "accessanalyzer/list-findings.rst",
                    "list-policy-generations"
                ],
                25
            ),
            [
                "list-findings-v2",
                "access…/list-findings.rst",
                "list-policy-generations"
            ]
        );
        // Plain names: as fit_list cuts them.
        let (a, b) = (
            "gcloud_ai_index-endpoints_deploy-index",
            "gcloud_ai_index-endpoints_describe",
        );
        assert_eq!(fit_names(&[a, b], 20), fit_list(&[a, b], 20));
        assert_eq!(
            name_excerpt("guardduty/list-findings.rst", 24),
            "guard…/list-findings.rst"
        );
    }
}
