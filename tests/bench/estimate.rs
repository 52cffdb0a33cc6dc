//! `cargo bench --bench estimate`: the time of one complete estimate, natively. Prints figures,
//! asserts nothing (timings belong in a benchmark, not a test).

use std::hint::black_box;
use std::time::Instant;

use vramfit::core::architecture::Architecture;
use vramfit::core::estimate::{estimate, Mode, Model, Settings};
use vramfit::core::request::{report, Request, ModelInput};
use vramfit::core::solve::max_context;
use vramfit::core::units::{Bytes, NumberStyle, Params};

fn median_ns(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_nanos() as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../fixtures/reference_models.json")).expect("fixture");
    let config = |name: &str| rows.iter().find(|r| r["model"] == name).map(|r| r["config"].clone()).expect(name);
    let cases = [
        ("Llama-3.1-8B inference", Model::Architecture(Architecture::from_config_json(&serde_json::to_vec(&config("meta-llama/Llama-3.1-8B")).expect("JSON")).expect("config")), Mode::Inference),
        ("DeepSeek-V3 inference", Model::Architecture(Architecture::from_config_json(&serde_json::to_vec(&config("deepseek-ai/DeepSeek-V3")).expect("JSON")).expect("config")), Mode::Inference),
        ("Llama-3.1-70B QLoRA", Model::Architecture(Architecture::from_config_json(&serde_json::to_vec(&config("meta-llama/Llama-3.1-70B")).expect("JSON")).expect("config")), Mode::Qlora),
        ("7B parameter count", Model::Params(Params(7_000_000_000)), Mode::Inference),
    ];
    println!("{:<28} {:>14}", "one complete estimate", "median");
    for (name, model, mode) in &cases {
        let settings = Settings { mode: *mode, ..Settings::default() };
        let ns = median_ns(2_001, || {
            black_box(estimate(black_box(model), black_box(&settings)).ok());
        });
        println!("{name:<28} {:>11.1} µs", ns / 1_000.0);
    }
    let json = config("meta-llama/Llama-3.1-8B").to_string();
    let ns = median_ns(2_001, || {
        black_box(Architecture::from_config_json(black_box(json.as_bytes())).ok());
    });
    println!("{:<28} {:>11.1} µs", "parse config.json", ns / 1_000.0);
    let (_, model, _) = &cases[0];
    let ns = median_ns(101, || {
        black_box(max_context(model, &Settings::default(), Bytes(24_000_000_000)).ok());
    });
    println!("{:<28} {:>11.1} µs", "max-context solve (24 GB)", ns / 1_000.0);
    // What the page computes on every edit: the estimate, its fit on the chosen GPU, every
    // catalogue GPU's fit, and the solvers' answers.
    let page = Request { model: ModelInput::Chosen(model.clone()), gpu: "rtx-4090".into(), ..Request::default() };
    let ns = median_ns(101, || {
        black_box(report(black_box(&page), NumberStyle::Point).ok());
    });
    println!("{:<28} {:>11.1} µs", "page report, RTX 4090", ns / 1_000.0);
}
