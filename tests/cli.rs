//! The `vramfit` binary end to end: JSON on stdout, messages on stderr, exit codes, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn vramfit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vramfit"))
        .args(args)
        .output()
        .expect("the vramfit binary runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = vramfit(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

#[test]
fn seven_b_fp16_json() {
    let v = json(&["--params", "7B", "--quant", "fp16", "--json"]);
    assert_eq!(v["params"], 7_000_000_000u64);
    assert_eq!(v["bytes_per_param"], 2.0);
    assert_eq!(v["overhead_factor"], 2.0);
    assert_eq!(v["rule_of_thumb_bytes"], 28_000_000_000u64);
    assert_eq!(v["weights_bytes"], 14_000_000_000u64);
    assert_eq!(v["quant"], "fp16");
    assert_eq!(v["arithmetic"], "7 billion × 2 bytes × 2 = 28 GB");
}

#[test]
fn worked_examples_through_the_cli() {
    let cases: &[(&[&str], u64)] = &[
        (&["--params", "70B", "--quant", "int4"], 70_000_000_000),
        (&["--params", "175B", "--quant", "FP32"], 1_400_000_000_000),
        (&["--params=6.7e9", "--quant=bf16", "--overhead=1.2"], 16_080_000_000),
        (&["--params", "7,000,000,000", "--quant", "fp4", "--overhead", "1"], 3_500_000_000),
    ];
    for (args, bytes) in cases {
        let mut args = args.to_vec();
        args.push("--json");
        assert_eq!(json(&args)["rule_of_thumb_bytes"], *bytes, "{args:?}");
    }
}

#[test]
fn table_output_without_json() {
    let out = vramfit(&["--params", "7B"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("28 GB (26.08 GiB)"), "{text}");
    assert!(text.contains("7,000,000,000"), "{text}");
}

#[test]
fn bad_values_exit_1_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (&["--params", "abc"], "not a number"),
        (&["--params", "-7B"], "positive"),
        (&["--params", "NaN"], "not a number"),
        (&["--params", "1e24"], "10¹⁵"),
        (&["--params", "7B", "--quant", "fp12"], "Unknown precision"),
        (&["--params", "7B", "--overhead", "inf"], "not a number"),
        (&["--params", "7B", "--overhead", "0.5"], "between 1 and 10"),
    ];
    for (args, needle) in cases {
        let out = vramfit(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [&[][..], &["--params"], &["--bogus"], &["--quant", "fp16"]] {
        let out = vramfit(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    assert!(String::from_utf8_lossy(&vramfit(&["--help"]).stdout).contains("--params"));
    assert!(String::from_utf8_lossy(&vramfit(&["--version"]).stdout).starts_with("vramfit "));
}
