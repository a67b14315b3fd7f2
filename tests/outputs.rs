//! `--format csv|parquet` end to end: the tables read back with the csv and
//! parquet crates hold exactly the records of the JSON Lines output.
#![cfg(feature = "arrow")]

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const INPUT: &str = r#"{"id": "fr-1", "lang": "fr", "text": "Jensen Huang, PDG de NVIDIA, était à Pékin. Selon Huang, la part de Nvidia en Chine pourrait passer de 66 % en 2024 à environ 8 %."}
{"id": "en-1", "text": "Microsoft said it would spend $80bn on AI data centers in the U.S., and that OpenAI remained its partner."}
{"id": "q-1", "text": "Aucune entité ici, \"entre guillemets\", virgules, et\nretour à la ligne."}

{"id": "en-2", "text": "TSMC’s revenue rose 39% to NT$868 billion; Nvidia, Apple and the European Union were mentioned."}
"#;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("newsfacts-out-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn extract(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .arg("extract")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The rows each table should hold, as text, built from the JSON records.
fn expected(records: &[Value], table: &str) -> Vec<Vec<String>> {
    let s = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64().unwrap().to_string(),
        },
        other => panic!("unexpected {other}"),
    };
    let mut rows = Vec::new();
    for r in records {
        let len = |k: &str| r[k].as_array().unwrap().len().to_string();
        let doc_id = s(&r["id"]);
        match table {
            "documents" => rows.push(vec![
                doc_id,
                s(&r["lang"]),
                len("entities"),
                len("facts"),
                len("topics"),
                s(&r["topics"][0]["id"]),
                s(&r["topics"][0]["score"]),
            ]),
            "entities" => {
                for e in r["entities"].as_array().unwrap() {
                    let mut row = vec![doc_id.clone()];
                    row.extend(["start", "end", "text", "kind", "id", "name"].map(|k| s(&e[k])));
                    rows.push(row);
                }
            }
            "facts" => {
                for (i, f) in r["facts"].as_array().unwrap().iter().enumerate() {
                    let mut row = vec![doc_id.clone(), i.to_string()];
                    row.extend(
                        [
                            "start",
                            "end",
                            "text",
                            "kind",
                            "value",
                            "unit",
                            "qualifier",
                            "subject",
                            "subject_id",
                            "predicate",
                            "year",
                            "equivalent_of",
                            "change_from",
                            "range_with",
                        ]
                        .map(|k| s(&f[k])),
                    );
                    rows.push(row);
                }
            }
            "topics" => {
                for t in r["topics"].as_array().unwrap() {
                    rows.push(vec![doc_id.clone(), s(&t["id"]), s(&t["score"])]);
                }
            }
            _ => unreachable!(),
        }
    }
    rows
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn read_parquet(path: &Path) -> Vec<Vec<String>> {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch: RecordBatch = batch.unwrap();
        for row in 0..batch.num_rows() {
            rows.push(batch.columns().iter().map(|c| cell(c, row)).collect());
        }
    }
    rows
}

/// A cell as text, with "" for null and floats in their shortest form.
fn cell(array: &dyn Array, row: usize) -> String {
    if array.is_null(row) {
        return String::new();
    }
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row).to_string(),
        other => panic!("unexpected column type {other}"),
    }
}

#[test]
fn csv_and_parquet_hold_the_jsonl_records() {
    let dir = tmpdir("formats");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, INPUT).unwrap();
    let input = input.to_str().unwrap();
    let jsonl = extract(&[input]);
    let records: Vec<Value> = String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    for (format, read) in [
        ("csv", read_csv as fn(&Path) -> Vec<Vec<String>>),
        ("parquet", read_parquet),
    ] {
        let out_dir = dir.join(format);
        let out = extract(&["--format", format, "-o", out_dir.to_str().unwrap(), input]);
        // Not a terminal and no --summary: nothing on stderr.
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for table in ["documents", "entities", "facts", "topics"] {
            let got = read(&out_dir.join(format!("{table}.{format}")));
            let want = expected(&records, table);
            assert_eq!(got, want, "{format} {table}");
        }
        let entities = read(&out_dir.join(format!("entities.{format}")));
        assert!(entities.len() >= 6, "{format}: {entities:?}");
        let names: Vec<&str> = entities.iter().map(|r| r[6].as_str()).collect();
        for name in ["Jensen Huang", "NVIDIA", "China", "Microsoft", "TSMC"] {
            assert!(names.contains(&name), "{format}: {name} not in {names:?}");
        }
        let documents = read(&out_dir.join(format!("documents.{format}")));
        assert_eq!(documents[2][0], "q-1", "{format}");
        assert_eq!(documents[2][2], "0", "{format}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn table_formats_need_a_directory_and_summary_is_opt_in() {
    let dir = tmpdir("usage");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, INPUT).unwrap();
    let input = input.to_str().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_newsfacts"))
            .arg("extract")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["--format", "parquet", input]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output"));
    // -o names an existing file where a directory is needed.
    let out = run(&["--format", "csv", "-o", input, input]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(input));
    let out = run(&[
        "--summary",
        "-o",
        dir.join("o.jsonl").to_str().unwrap(),
        input,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("newsfacts: 4 documents, "), "{err}");
    assert!(err.contains(" 0 bad lines in "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
