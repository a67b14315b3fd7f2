//! The command-line tool end to end: input formats, bad lines, exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsfacts"))
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("newsfacts-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn bad_lines_are_reported_and_good_ones_kept() {
    let dir = tmpdir("bad");
    let input = dir.join("in.jsonl");
    let mut data = Vec::new();
    data.extend_from_slice(b"{\"id\": \"a\", \"text\": \"La Chine.\"}\n");
    data.extend_from_slice(b"{not json}\n");
    data.extend_from_slice(b"\n");
    data.extend_from_slice(b"{\"id\": 7, \"text\": \"The U.S.\", \"extra\": {\"x\": [1]}}\n");
    data.extend_from_slice(b"{\"id\": \"b\", \"text\": 42}\n");
    data.extend_from_slice(b"{\"id\": \"c\", \"text\": \"\xff\"}\n");
    data.extend_from_slice(b"{\"id\": \"d\", \"text\": \"\"}\n");
    std::fs::write(&input, data).unwrap();
    let out = run(&["extract", input.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "7", "d"]);
    assert_eq!(recs[0]["entities"][0]["name"], "China");
    let err = String::from_utf8(out.stderr).unwrap();
    let name = input.display().to_string();
    assert!(err.contains(&format!("{name}:2: invalid JSON")), "{err}");
    assert!(
        err.contains(&format!(
            "{name}:5: \"text\" must be a string, found a number"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{name}:6: invalid UTF-8")), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn stdin_threads_and_order() {
    let mut input = String::new();
    for i in 0..1500 {
        input.push_str(&format!(
            "{{\"id\": \"d{i}\", \"text\": \"Doc {i}: l’Inde et la Chine.\"}}\n"
        ));
    }
    // Two workers serialize JSON on the writer thread, six on the pool:
    // both keep input order and write the same bytes.
    let mut outputs = Vec::new();
    for threads in ["2", "6"] {
        let out = run(&["extract", "--threads", threads], input.as_bytes());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let recs = records(&out);
        assert_eq!(recs.len(), 1500);
        for (i, r) in recs.iter().enumerate() {
            assert_eq!(r["id"], format!("d{i}"));
            assert_eq!(r["entities"].as_array().unwrap().len(), 2);
        }
        outputs.push(out.stdout);
    }
    assert!(outputs[0] == outputs[1], "--threads 2 and 6 differ");
}

#[test]
fn txt_files_output_file_lang_and_gazetteer() {
    let dir = tmpdir("txt");
    let txt = dir.join("article.txt");
    std::fs::write(&txt, "Helicell Labs ouvre un site en Inde.").unwrap();
    let gaz = dir.join("mine.tsv");
    std::fs::write(
        &gaz,
        "surface\tkind\tname\nHelicell Labs\tcompany\tHelicell\n",
    )
    .unwrap();
    let out_path = dir.join("out.jsonl");
    let out = run(
        &[
            "extract",
            "--lang",
            "en",
            "--gazetteer",
            gaz.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
            txt.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rec: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&out_path).unwrap().trim()).unwrap();
    assert_eq!(rec["id"], txt.display().to_string());
    assert_eq!(rec["lang"], "en");
    assert_eq!(rec["entities"][0]["name"], "Helicell");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn usage_and_gazetteer_errors_exit_2() {
    assert_eq!(
        run(&["extract", "--lang", "de"], b"").status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"], b"").status.code(), Some(2));
    let dir = tmpdir("gaz");
    let gaz = dir.join("broken.tsv");
    std::fs::write(&gaz, "A\tcompany\tA\nB\tplanet\tB\n").unwrap();
    let out = run(&["extract", "--gazetteer", gaz.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "{}:2: unknown entity kind \"planet\"",
            gaz.display()
        )),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn missing_file_is_reported_and_others_still_run() {
    let dir = tmpdir("missing");
    let good = dir.join("good.jsonl");
    std::fs::write(&good, "{\"id\":\"g\",\"text\":\"Inde\"}\n").unwrap();
    let missing: &Path = &dir.join("nope.jsonl");
    let out = run(
        &["extract", missing.to_str().unwrap(), good.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out).len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}
