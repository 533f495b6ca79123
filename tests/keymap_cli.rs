//! `refrain keys` and `--keymap` through the real binary: the bindings table,
//! `--check` and its exit code, the user's keymap file in the config
//! directory, and bad keymaps failing with exit code 2 before the reader starts.

use std::path::Path;
use std::process::{Command, Output};

/// Runs refrain with `args`, with `config` as its config directory (XDG_CONFIG_HOME).
fn refrain(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .output()
        .expect("refrain runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A config directory holding `refrain/keymap.toml` copied from a fixture.
fn config_with(fixture: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("refrain")).unwrap();
    let path = dir.path().join("refrain").join("keymap.toml");
    std::fs::copy(format!("tests/fixtures/keymaps/{fixture}"), &path).unwrap();
    (dir, path.display().to_string())
}

#[test]
fn keys_prints_the_default_table() {
    let empty = tempfile::tempdir().unwrap();
    let o = refrain(empty.path(), &["keys"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("keys_default", stdout(&o));
}

#[test]
fn keys_prints_the_vim_and_emacs_tables() {
    let empty = tempfile::tempdir().unwrap();
    let o = refrain(empty.path(), &["keys", "--keymap", "vim"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("keys_vim", stdout(&o));
    let o = refrain(empty.path(), &["keys", "--keymap", "emacs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("keys_emacs", stdout(&o));
}

#[test]
fn check_passes_for_every_preset() {
    let empty = tempfile::tempdir().unwrap();
    for preset in ["default", "vim", "emacs"] {
        let o = refrain(empty.path(), &["keys", "--keymap", preset, "--check"]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            stdout(&o),
            format!(
                "keymap {preset}: all {} actions are bound\n",
                refrain::action::Action::ALL.len()
            )
        );
    }
}

#[test]
fn check_fails_when_the_user_file_unbinds_actions() {
    let (dir, path) = config_with("user_unbind.toml");
    let o = refrain(dir.path(), &["keys", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "keymap default + {path}: 2 of {} actions are unbound:\n  swap_sides   Swap the left and right sides of the comparison\n  open_editor  Open the document in $EDITOR at the current line\n",
            refrain::action::Action::ALL.len()
        )
    );
}

#[test]
fn user_file_in_config_dir_is_merged_over_the_preset() {
    let (dir, path) = config_with("user_override.toml");
    let o = refrain(dir.path(), &["keys", "--keymap", "vim"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // rows with their columns separated by single spaces (the snapshots check the layout)
    let lines: Vec<String> = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(lines[0], format!("keymap: vim + {path}"));
    let quit: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| l.split(' ').nth(1) == Some("quit"))
        .collect();
    assert_eq!(
        quit,
        [
            "library quit q, Z Z, Z Q Quit refrain",
            "reader quit Q Quit refrain",
            "compare quit q, Z Z, Z Q Quit refrain",
            "passages quit q, Z Z, Z Q Quit refrain",
            "help quit q, Z Z, Z Q Quit refrain",
            "all_occurrences quit q, Z Z, Z Q Quit refrain",
            "where_else quit q, Z Z, Z Q Quit refrain",
        ]
    );
    let has = |row: &str| lines.iter().any(|l| l == row);
    assert!(has(
        "all scroll_down ctrl-j, down Scroll down one line (or move the selection down)"
    ));
    assert!(has("all top g g, home Go to the top"));
}

#[test]
fn bad_keymaps_exit_2_before_the_reader_starts() {
    let empty = tempfile::tempdir().unwrap();
    let prefix = "tests/fixtures/keymaps/prefix.toml";
    let expected = "refrain: tests/fixtures/keymaps/prefix.toml:4: \"g\" for center is also the start of \"g g\" for top in [global] (line 2)\n";
    for args in [vec!["--keymap", prefix], vec!["keys", "--keymap", prefix]] {
        let o = refrain(empty.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o), expected);
        assert_eq!(stdout(&o), "");
    }
    let o = refrain(empty.path(), &["--keymap", "nano"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "refrain: nano: no such keymap; the presets are default, vim and emacs, or give the path of a .toml file\n"
    );
}

#[test]
fn a_bad_user_file_is_named_with_its_line() {
    let (dir, path) = config_with("user_conflict.toml");
    // The line of the default keymap's `[library]` binding of `s`, which the error must name.
    let lines: Vec<String> = std::fs::read_to_string("keymaps/default.toml")
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let sort_line = lines
        .iter()
        .rposition(|l| l.starts_with("sort = [\"s\"]"))
        .unwrap()
        + 1;
    let o = refrain(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "refrain: {path}:2: \"s\" for search is already bound to sort in [library] (keymaps/default.toml:{sort_line})\n"
        )
    );
    // with the vim preset, `s` is free only if swap_sides does not use it: it does
    let o = refrain(dir.path(), &["keys", "--keymap", "vim"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("(keymaps/vim.toml:"));
}
