//! `newsfacts`: the command-line tool over the library.
//!
//! Exit codes: 0 all input read, 1 some lines or files were bad (reported on
//! stderr as `FILE:LINE: reason`, the others still produced records), 2 usage
//! errors, unusable gazetteer or taxonomy files, and output that cannot be
//! written.

mod input;
mod output;
mod progress;

// The CLI allocates a record per document and strings per mention; mimalloc
// cuts the time glibc malloc spent on that from ~20 % of a run to a few %.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand, ValueEnum};
use input::{Batch, Reader};
use newsfacts::{Document, Extractor, Input, Lang, Stage, StageTimes};
use output::{Format, Output};
use progress::Progress;
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "newsfacts",
    version,
    about = "Entities, numeric facts and topics from French and English news"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract records from JSON Lines or .txt files (stdin when none is given).
    Extract(ExtractArgs),
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Input files: JSON Lines ({"id", "text", "lang"?} per line) or .txt
    /// (one document each, id = path). `-` or nothing reads JSON Lines from stdin.
    files: Vec<PathBuf>,
    /// Write records here instead of stdout: a file for jsonl, a directory
    /// (created if needed) for csv and parquet.
    #[arg(short, long, value_name = "PATH",
          required_if_eq_any([("format", "csv"), ("format", "parquet")]))]
    output: Option<PathBuf>,
    /// Output format: JSON Lines, or four tables (documents, entities, facts,
    /// topics) as CSV or Parquet files in the -o directory.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// No progress bar and no summary, even on a terminal.
    #[arg(short, long)]
    quiet: bool,
    /// Print the one-line summary on stderr even when it is not a terminal.
    #[arg(long)]
    summary: bool,
    /// Add a user gazetteer (TSV: surface, kind, name, id?, flags?); repeatable.
    #[arg(long, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,
    /// Add a user taxonomy (TSV: topic, label, lang, keyword, weight); repeatable.
    #[arg(long, value_name = "FILE")]
    taxonomy: Vec<PathBuf>,
    /// Document language; `auto` detects it per document unless the line has a `lang`.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
    /// Worker threads (default: all cores). Output order is input order.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print on stderr the time spent building, reading, in each extraction
    /// stage (summed over threads) and writing.
    #[arg(long)]
    stage_times: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Fr,
    En,
    Auto,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => match run(args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(msg) => {
                eprintln!("newsfacts: {msg}");
                ExitCode::from(2)
            }
        },
    }
}

/// Ok(true) when every input was good, Ok(false) when some were reported.
fn run(args: ExtractArgs) -> Result<bool, String> {
    let start = std::time::Instant::now();
    let mut builder = Extractor::builder();
    for g in &args.gazetteer {
        builder.gazetteer_file(g);
    }
    for t in &args.taxonomy {
        builder.taxonomy_file(t);
    }
    let ex = builder.build().map_err(|e| e.to_string())?;
    let build_time = start.elapsed();
    let forced = match args.lang {
        LangArg::Fr => Some(Lang::Fr),
        LangArg::En => Some(Lang::En),
        LangArg::Auto => None,
    };
    let threads = args.threads.unwrap_or(0);
    if threads == 0 && args.threads.is_some() {
        return Err("--threads must be at least 1".into());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))?;
    let out = Output::open(args.format, args.output.as_deref())?;
    let mut reader = Reader::new(args.files);
    let mut progress = Progress::new(args.quiet, args.summary, reader.total_bytes(), start);
    let mut all_good = true;
    let mut stage_times = StageTimes::default();
    // Three threads in a pipeline, each channel holding one batch: reading
    // and JSON parsing, extraction on the pool, writing (JSON serialization,
    // on the pool only above 4 workers; or Arrow conversion and Parquet/CSV
    // encoding). Reading the next batch overlaps the extraction of this one,
    // which keeps the serial part small when the pool has several threads.
    let (batch_tx, batch_rx) = std::sync::mpsc::sync_channel::<Result<Batch, String>>(1);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(1);
    let pool = &pool;
    let (written, read_time) = std::thread::scope(|s| {
        let read = s.spawn(move || {
            let mut busy = Duration::ZERO;
            loop {
                let t = Instant::now();
                let next = reader.next_batch();
                busy += t.elapsed();
                let next = match next {
                    Ok(Some(b)) => Ok(b),
                    Ok(None) => break,
                    Err(msg) => Err(msg),
                };
                if batch_tx.send(next).is_err() {
                    break; // extraction stopped (the writer failed)
                }
            }
            busy
        });
        let writer = s.spawn(move || -> Result<Duration, String> {
            let mut out = out;
            let mut busy = Duration::ZERO;
            for docs in rx {
                let t = Instant::now();
                out.write(&docs, pool)?;
                busy += t.elapsed();
            }
            let t = Instant::now();
            out.finish()?;
            Ok(busy + t.elapsed())
        });
        for next in batch_rx {
            let batch = match next {
                Ok(b) => b,
                Err(msg) => {
                    progress.error(&msg);
                    all_good = false;
                    continue;
                }
            };
            for msg in &batch.errors {
                progress.error(msg);
                all_good = false;
            }
            let docs: Vec<Document> = pool.install(|| {
                fn input(d: &input::Doc, forced: Option<Lang>) -> Input<'_> {
                    Input::new(&d.text).id(&d.id).lang_opt(forced.or(d.lang))
                }
                if !args.stage_times {
                    return batch
                        .docs
                        .par_iter()
                        .map(|d| ex.extract(input(d, forced)))
                        .collect();
                }
                let (docs, times): (Vec<Document>, Vec<StageTimes>) = batch
                    .docs
                    .par_iter()
                    .map(|d| {
                        let mut t = StageTimes::default();
                        (ex.extract_timed(input(d, forced), &mut t), t)
                    })
                    .unzip();
                times.iter().for_each(|t| stage_times.add(t));
                docs
            });
            progress.batch(&docs, batch.input_bytes);
            if tx.send(docs).is_err() {
                break; // the writer stopped on an error, returned below
            }
        }
        drop(tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err("the output thread panicked".into()));
        (written, read.join().unwrap_or_default())
    });
    let write_time = written?;
    progress.finish();
    if args.stage_times {
        let mut line = format!(
            "stage times (s): build {:.3}  read+parse {:.3}",
            build_time.as_secs_f64(),
            read_time.as_secs_f64()
        );
        for stage in Stage::ALL {
            let secs = stage_times.get(stage).as_secs_f64();
            line.push_str(&format!("  {} {secs:.3}", stage.as_str()));
        }
        line.push_str(&format!("  write {:.3}", write_time.as_secs_f64()));
        eprintln!("{line}");
    }
    Ok(all_good)
}
