//! `vramfit`: the command-line front end. It parses flags, asks the core for the report and
//! prints it (a table, or JSON with `--json`). It computes nothing itself.

use std::process::ExitCode;

use vramfit::core::report::{estimate, Inputs};
use vramfit::core::units::NumberStyle;

const USAGE: &str = "\
vramfit — how much GPU memory does this model need?

Usage:
  vramfit --params 7B [--quant fp16] [--overhead 2] [--json]

Options:
  --params N     parameter count: 7B, 1.5T, 350M, 6.7e9, 7,000,000,000
  --quant NAME   precision: fp32, fp16, bf16, fp8, int8, int4, fp4 (default fp16)
  --overhead F   rule-of-thumb overhead factor, 1 to 10 (default 2)
  --json         print one JSON object instead of a table
  -h, --help     show this help
  -V, --version  show the version

Exit status: 0 on success, 1 for an invalid value, 2 for a usage error.
";

/// What the command line asked for.
struct Command {
    inputs: Inputs,
    json: bool,
}

enum Parsed {
    Run(Command),
    Help,
    Version,
}

/// Reads `--flag value` and `--flag=value` pairs; unknown flags and missing values are errors.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut inputs = Inputs { params: String::new(), quant: "fp16".into(), overhead: "2".into() };
    let mut params_given = false;
    let mut json = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline_value
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "-V" | "--version" => return Ok(Parsed::Version),
            "--json" => json = true,
            "--params" => {
                inputs.params = value("--params")?;
                params_given = true;
            }
            "--quant" => inputs.quant = value("--quant")?,
            "--overhead" => inputs.overhead = value("--overhead")?,
            other => return Err(format!("unknown argument “{other}”")),
        }
    }
    if !params_given {
        return Err("--params is required (e.g. --params 7B)".into());
    }
    Ok(Parsed::Run(Command { inputs, json }))
}

fn main() -> ExitCode {
    let command = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(command)) => command,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Version) => {
            println!("vramfit {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("vramfit: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let style = NumberStyle::Point;
    match estimate(&command.inputs, style) {
        Ok(report) if command.json => match serde_json::to_string_pretty(&report) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("vramfit: could not write JSON: {error}");
                ExitCode::FAILURE
            }
        },
        Ok(report) => {
            print!("{}", report.to_text(style));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for message in errors.messages() {
                eprintln!("vramfit: {message}");
            }
            ExitCode::FAILURE
        }
    }
}
