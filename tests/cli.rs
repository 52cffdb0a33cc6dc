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
    let out = vramfit(&["--params", "7B", "--quant", "fp16"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rule of thumb    28 GB (7 billion × 2 bytes × 2 = 28 GB)"), "{text}");
    assert!(text.contains("7,000,000,000"), "{text}");
    assert!(text.contains("kv_cache"), "{text}");
    assert!(text.contains("(approximate)"), "a bare count is labelled: {text}");
}

/// Writes a reference config from the fixture to a temporary file.
fn config_file(model: &str) -> std::path::PathBuf {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("fixtures/reference_models.json")).expect("fixture");
    let row = rows.iter().find(|r| r["model"] == model).expect("model in fixture");
    let path = std::env::temp_dir().join(format!("vramfit-cli-{}-{}.json", std::process::id(), model.replace('/', "_")));
    std::fs::write(&path, row["config"].to_string()).expect("write config");
    path
}

#[test]
fn a_config_gives_the_exact_estimate_as_json() {
    let path = config_file("meta-llama/Llama-3.1-8B");
    let v = json(&[path.to_str().expect("utf-8 path"), "--engine", "vllm", "--context", "8k", "--memory-gb", "85.03", "--gpu-memory-utilization", "0.95", "--json"]);
    for field in ["params", "active_params", "weights_bytes", "kv_cache_bytes", "activation_bytes", "overhead_bytes", "gradients_bytes", "optimizer_bytes", "trainable_params", "total_bytes", "total_low_bytes", "total_high_bytes", "kv_capacity_tokens"] {
        assert!(v[field].is_u64(), "{field} is an integer: {}", v[field]);
    }
    assert_eq!(v["params"], 8_030_261_248u64);
    assert_eq!(v["approximate"], false);
    assert_eq!(v["context"], 8_192);
    let tokens = v["kv_capacity_tokens"].as_u64().expect("tokens") as f64;
    assert!((tokens - 476_016.0).abs() / 476_016.0 < 0.05, "{tokens}");
    let components = v["components"].as_array().expect("components");
    let sum: u64 = components.iter().map(|c| c["bytes"].as_u64().expect("bytes")).sum();
    assert_eq!(v["total_bytes"], sum);
    assert!(components.iter().all(|c| c["formula"].is_string() && c["source"].is_string()));
    let _ = std::fs::remove_file(path);
}

#[test]
fn sharded_training_reports_per_gpu_figures() {
    let v = json(&["--params", "7.5B", "--mode", "full", "--zero", "3", "--gpus", "64", "--json"]);
    assert_eq!(v["per_gpu"], true);
    let states = ["weights_bytes", "gradients_bytes", "optimizer_bytes"].iter().map(|f| v[f].as_u64().expect(f)).sum::<u64>();
    assert!((states as f64 - 1.875e9).abs() < 0.02 * 1.875e9, "{states}");
    let lora = json(&["--params", "7B", "--mode", "lora", "--lora-rank", "8", "--lora-targets", "q,v", "--json"]);
    assert!(lora["trainable_params"].as_u64().expect("trainable") > 0);
}

#[test]
fn bad_files_exit_1_with_a_message() {
    let dir = std::env::temp_dir();
    let cases: &[(&str, &str, &str)] = &[
        ("not-json.json", "{ nope", "not a JSON object"),
        ("no-layers.json", r#"{"model_type":"llama","hidden_size":4096,"vocab_size":32000,"num_attention_heads":32}"#, "num_hidden_layers"),
        ("huge.json", r#"{"model_type":"llama","hidden_size":1e300,"num_hidden_layers":32,"vocab_size":32000,"num_attention_heads":32}"#, "hidden_size"),
        ("bad-kv.json", r#"{"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"vocab_size":32000,"num_attention_heads":32,"num_key_value_heads":5}"#, "divide"),
        ("zero-heads.json", r#"{"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"vocab_size":32000,"num_attention_heads":0}"#, "at least 1"),
    ];
    for (name, text, needle) in cases {
        let path = dir.join(format!("vramfit-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("write");
        let out = vramfit(&[path.to_str().expect("utf-8"), "--json"]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{name}: {stderr}");
        let _ = std::fs::remove_file(path);
    }
    let out = vramfit(&["/nonexistent/config.json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_values_exit_1_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (&["--params", "abc"], "not a number"),
        (&["--params", "-7B"], "positive"),
        (&["--params", "NaN"], "not a number"),
        (&["--params", "1e24"], "10¹⁵"),
        (&["--params", "7B", "--quant", "fp12"], "Unknown format"),
        (&["--params", "7B", "--context", "0"], "more than zero"),
        (&["--params", "7B", "--context", "1e12"], "context: At most"),
        (&["--params", "7B", "--engine", "sglang2"], "Unknown engine"),
        (&["--params", "7B", "--mode", "full", "--tp", "2"], "tensor and pipeline"),
        (&["--params", "7B", "--lora-targets", "x"], "Unknown LoRA target"),
        (&["--params", "7B", "--memory-gb", "-1"], "positive"),
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
    for args in [&[][..], &["--params"], &["--bogus"], &["--quant", "fp16"], &["a.json", "--params", "7B"]] {
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

#[test]
fn a_config_declaring_its_quantization_preselects_the_format() {
    let path = std::env::temp_dir().join(format!("vramfit-cli-{}-gptq.json", std::process::id()));
    let config = r#"{"model_type":"llama","hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
        "num_attention_heads":32,"vocab_size":32000,"quantization_config":{"quant_method":"gptq","bits":4,"group_size":128}}"#;
    std::fs::write(&path, config).expect("write");
    let v = json(&[path.to_str().expect("utf-8"), "--json"]);
    assert_eq!(v["quant"], "gptq_4bit_g128");
    assert_eq!(v["source"]["quantization"], "gptq_4bit_g128");
    let weights = v["weights_bytes"].as_u64().expect("bytes") as f64;
    assert!((weights / 1e9 - 3.90).abs() < 0.04, "{weights}: TheBloke's Llama-2-7B GPTQ is 3.90 GB");
    let what_if = json(&[path.to_str().expect("utf-8"), "--quant", "fp16", "--json"]);
    assert_eq!(what_if["quant"], "fp16", "--quant overrides the declared format");
    let _ = std::fs::remove_file(path);
}

#[test]
fn gpu_fit_speed_and_solvers() {
    let path = config_file("meta-llama/Llama-3.1-70B");
    let p = path.to_str().expect("utf-8");
    let v = json(&[p, "--quant", "q4_k_m", "--engine", "llama.cpp", "--context", "8k", "--gpu", "rtx 6000 ada", "--solve", "max-context", "--json"]);
    assert_eq!(v["fit"]["gpu"], "rtx-6000-ada");
    assert!(["fits", "tight"].contains(&v["fit"]["verdict"].as_str().expect("verdict")));
    assert!(v["fit"]["usable_bytes"].as_u64().expect("usable") > v["fit"]["needed_bytes"].as_u64().expect("needed"));
    assert!(v["speed"]["decode_tokens_per_s"].as_f64().expect("tps") > 5.0);
    assert!(v["solve"]["max_context"].as_u64().expect("context") >= 8_192);
    let bf16 = json(&[p, "--context", "8k", "--gpu", "rtx-6000-ada", "--solve", "min-gpus", "--json"]);
    assert_eq!(bf16["fit"]["verdict"], "no");
    let needed = bf16["solve"]["min_gpus"].as_u64().expect("gpus");
    let on_needed = json(&[p, "--context", "8k", "--gpu", "rtx-6000-ada", "--gpus", &needed.to_string(), "--json"]);
    assert_ne!(on_needed["fit"]["verdict"], "no", "the solver's answer fits");
    assert_eq!(on_needed["per_gpu"], true);
    let all = json(&["--params", "8B", "--fit-all", "--json"]);
    let fits = all["fit_all"].as_array().expect("list");
    assert!(fits.len() >= 60);
    let headroom: Vec<i64> = fits.iter().map(|f| f["headroom_bytes"].as_i64().expect("i64")).collect();
    assert!(headroom.windows(2).all(|w| w[0] >= w[1]), "most headroom first");
    let custom = json(&["--params", "8B", "--gpu", "custom", "--memory-gb", "12", "--bandwidth-gbps", "500", "--json"]);
    assert_eq!(custom["fit"]["gpu"], "custom");
    assert_eq!(custom["fit"]["usable_bytes"], 12_000_000_000u64);
    assert_eq!(vramfit(&["--params", "8B", "--gpu", "custom"]).status.code(), Some(2), "custom needs --memory-gb");
    let out = vramfit(&["--params", "8B", "--gpu", "voodoo"]);
    assert_eq!(out.status.code(), Some(1));
    let out = vramfit(&["--params", "8B", "--solve", "max-context"]);
    assert_eq!(out.status.code(), Some(2), "--solve needs --gpu");
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_catalogue_model_by_id() {
    // Qwen2.5-7B's published total (its model card: 7.61B) counted from the catalogue's config.
    let v = json(&["--model", "qwen2.5-7b", "--quant", "q4_k_m", "--json"]);
    assert_eq!(v["params"], 7_615_616_512u64);
    assert_eq!(v["quant"], "q4_k_m");
    // A preset that declares its quantization uses it unless --quant says otherwise.
    let declared = json(&["--model", "deepseek-v3", "--json"]);
    assert_eq!(declared["quant"], "fp8_block");
    for bad in [&["--model", "nope"][..], &["--model", "qwen2.5-7b", "--params", "7B"][..]] {
        let out = vramfit(bad);
        assert!(!out.status.success() && !out.stderr.is_empty(), "{bad:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

/// The vision tower and the MTP layers are parts a user switches: Qwen3.6-27B's checkpoint holds
/// 27,781,427,952 tensor elements with both (the checkpoint's tensor sum, tests/architectures.rs);
/// without the vision tower transformers counts 460,730,096 fewer (the tower alone).
#[test]
fn vision_and_mtp_switch_on_and_off() {
    let params = |extra: &[&str]| -> u64 {
        let mut args = vec!["--model", "qwen3.6-27b", "--json"];
        args.extend_from_slice(extra);
        let out = vramfit(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["params"].as_u64().unwrap()
    };
    assert_eq!(params(&["--mtp", "on"]), 27_781_427_952);
    assert_eq!(params(&[]) - params(&["--vision", "off"]), 460_730_096);
    let out = vramfit(&["--model", "qwen3.6-27b", "--mtp", "maybe"]);
    assert_eq!(out.status.code(), Some(1));
}

/// Where the CLI and the page had drifted: a system id the page and its links take, one bound
/// for the bandwidth efficiency (0.05–1), a custom GPU's memory in GB as the page has it, and a
/// share link read through the page's own path.
#[test]
fn the_cli_takes_what_the_page_and_its_links_take() {
    let system = json(&["--params", "70B", "--gpu", "4x-rtx-6000-ada", "--json"]);
    assert_eq!((system["fit"]["gpu"].as_str(), system["fit"]["gpus"].as_u64()), (Some("rtx-6000-ada"), Some(4)));
    let out = vramfit(&["--params", "7B", "--efficiency", "0.01"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0.05"), "the page's lower bound");
    assert_eq!(json(&["--params", "7B", "--efficiency", "0.05", "--gpu", "rtx-4090", "--json"])["speed"]["efficiency"], 0.05);
    // OpenAI publishes gpt-oss-120b in MXFP4 so that it fits one 80 GB GPU (its model card):
    // a link without `quant` means that format, as the page reads it.
    let linked = json(&["--link", "https://example.org/vramfit/?model=gpt-oss-120b&gpu=custom&mem=80&bw=2000&eff=0.6#top", "--json"]);
    assert_eq!(linked["quant"], "mxfp4");
    assert!(linked["weights_bytes"].as_u64().is_some_and(|b| b < 80_000_000_000), "{}", linked["weights_bytes"]);
    assert_eq!((linked["fit"]["gpu"].as_str(), linked["speed"]["efficiency"].as_f64()), (Some("custom"), Some(0.6)));
    assert_eq!(linked["speed"]["prefill_seconds"], serde_json::Value::Null, "a custom GPU has no TFLOPS figure");
    assert!(linked.get("fit_all").is_none_or(serde_json::Value::is_null), "the page's export leaves out every GPU's fit");
    let query_only = json(&["--link", "model=gpt-oss-120b&gpu=custom&mem=80&bw=2000&eff=0.6", "--json"]);
    assert_eq!(query_only, linked);
    assert_eq!(vramfit(&["--link", "?params=7B", "--params", "8B"]).status.code(), Some(2), "a link is the whole state");
    let tampered = vramfit(&["--link", "?params=7B&gpu=voodoo"]);
    assert_eq!(tampered.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&tampered.stderr).contains("voodoo"), "what the link carried that was dropped is said");
}

#[test]
fn a_gpu_name_with_a_count_is_that_many_of_it() {
    let two = json(&["--params", "70B", "--quant", "q4_k_m", "--gpu", "4090:2", "--json"]);
    assert_eq!((two["fit"]["gpu"].as_str(), two["fit"]["gpus"].as_u64()), (Some("rtx-4090"), Some(2)));
    assert_eq!(json(&["--params", "70B", "--quant", "q4_k_m", "--gpu", "rtx-4090", "--gpus", "2", "--json"]), two, "the same as --gpus 2");
    assert_eq!(vramfit(&["--params", "7B", "--gpu", "4090:2", "--gpus", "3"]).status.code(), Some(2), "two counts that disagree");
    let zero = vramfit(&["--params", "7B", "--gpu", "4090:0"]);
    assert_eq!(zero.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("GPUs:"), "{}", String::from_utf8_lossy(&zero.stderr));
}

#[test]
fn flags_and_links_are_one_request() {
    // The same state given as flags and as a share link goes through core::request::report
    // both times, so the two documents are byte-identical (the CLI's own defaults, no GPU and
    // nothing reserved, are given explicitly here).
    let cases: [(&[&str], &str); 4] = [
        (&["--model", "qwen3-30b-a3b", "--quant", "q4_k_m", "--engine", "llama.cpp", "--context", "16k", "--gpu", "rtx-4070", "--reserve", "0.5"], "?model=qwen3-30b-a3b&quant=q4_k_m&ctx=16k&engine=llama.cpp&gpu=rtx-4070"),
        (&["--model", "gpt-oss-120b", "--gpu", "custom", "--memory-gb", "80", "--bandwidth-gbps", "2000", "--efficiency", "0.6", "--reserve", "0.5", "--quant", "fp16"], "?model=gpt-oss-120b&quant=fp16&gpu=custom&mem=80&bw=2000&eff=0.6"),
        (&["--params", "70B", "--quant", "fp16", "--mode", "qlora", "--context", "2k", "--batch", "4", "--gpu", "4x-rtx-6000-ada", "--reserve", "0.5"], "?params=70B&ctx=2k&batch=4&mode=qlora&gpu=4x-rtx-6000-ada"),
        (&["--params", "8B", "--quant", "fp16", "--kv-quant", "q8_0", "--gpu", "h100-sxm", "--gpus", "2", "--reserve", "1", "--overhead", "1.2"], "?params=8B&kvq=q8_0&gpu=h100-sxm5-80gb&gpus=2&reserve=1&overhead=1.2"),
    ];
    for (flags, link) in cases {
        let from_flags = vramfit(&[flags, &["--json"]].concat());
        let from_link = vramfit(&["--link", link, "--json"]);
        assert!(from_flags.status.success() && from_link.status.success(), "{flags:?}: {}", String::from_utf8_lossy(&from_flags.stderr));
        assert_eq!(String::from_utf8_lossy(&from_flags.stdout), String::from_utf8_lossy(&from_link.stdout), "{flags:?} vs {link}");
    }
}

/// The issue's example: Qwen3-30B-A3B Q4_K_M at 16k under llama.cpp does not fit a 12 GB
/// RTX 4070 alone, and with 32 GB of RAM runs with some layers' experts there. Published runs of
/// this model with its experts in RAM decode at 26.6–36.7 tokens/s (docs/reference/offload.md
/// rows A13, A16, A17).
#[test]
fn a_moe_model_runs_with_its_experts_in_ram() {
    let base = ["--model", "qwen3-30b-a3b", "--quant", "q4_k_m", "--engine", "llama.cpp", "--context", "16k", "--gpu", "rtx 4070", "--json"];
    let alone = json(&base);
    assert_eq!(alone["fit"]["verdict"], "no");
    let with_ram = json(&[&base[..], &["--ram", "32"]].concat());
    assert_eq!(with_ram["fit"]["verdict"], "offload");
    let placement = &with_ram["placement"];
    assert_eq!(placement["kind"], "experts");
    let cpu_moe = placement["cpu_moe_layers"].as_u64().expect("a count");
    assert!((1..48).contains(&cpu_moe), "{placement}");
    assert!(placement["vram_bytes"][0].as_u64() <= placement["usable_bytes"][0].as_u64());
    let speed = with_ram["speed"]["decode_tokens_per_s"].as_f64().expect("a speed");
    assert!((26.6..=36.7).contains(&speed), "{speed}");
    // The flags to run it, and the same forced by hand.
    let command = with_ram["commands"]["llama_cpp"].as_str().expect("a command");
    assert!(command.contains("-ngl 49 ") && command.contains(&format!("--n-cpu-moe {cpu_moe} ")), "{command}");
    let text = vramfit(&[&base[..10], &["--ram", "32"]].concat());
    assert!(String::from_utf8_lossy(&text.stdout).contains(command), "the table prints the command too");
    let forced = json(&[&base[..], &["--ram", "32", "--cpu-moe", "48"]].concat());
    assert_eq!((forced["placement"]["kind"].as_str(), forced["placement"]["cpu_moe_layers"].as_u64()), (Some("experts"), Some(48)));
    let none = json(&[&base[..], &["--ram", "32", "--offload", "none"]].concat());
    assert_eq!(none["fit"]["verdict"], "no");
}

/// Two different GPUs in one machine: llama.cpp splits the layers by free memory, each GPU
/// holding its own buffers.
#[test]
fn a_machine_with_two_different_gpus() {
    let v = json(&["--model", "llama-3.1-70b", "--quant", "q4_k_m", "--engine", "llama.cpp", "--gpu", "4090", "--gpu", "rtx 3060 12gb", "--ram", "64", "--json"]);
    let p = &v["placement"];
    assert_eq!(p["vram_bytes"].as_array().map(Vec::len), Some(2), "{p}");
    let split: Vec<u64> = p["layers_per_gpu"].as_array().expect("a split").iter().filter_map(|n| n.as_u64()).collect();
    // 24 GB and 12 GB: about two thirds of the offloaded slots on the first.
    assert!(split.len() == 2 && split[0] > split[1], "{split:?}");
    assert_eq!(v["fit"]["verdict"], "offload");
}

#[test]
fn machine_flags_refuse_bad_values() {
    for (args, message) in [
        (&["--params", "8B", "--gpu", "4090", "--ram", "2"][..], "operating system"),
        (&["--params", "8B", "--gpu", "4090", "--ram-type", "ddr7-9000"][..], "ddr7"),
        (&["--params", "8B", "--gpu", "4090", "--ram-type", "ddr5-100"][..], "MT/s"),
        (&["--params", "8B", "--gpu", "4090", "--gpu", "voodoo"][..], "voodoo"),
        (&["--params", "8B", "--gpu", "4090:0"][..], "GPUs"),
        (&["--params", "8B", "--engine", "llama.cpp", "--gpu", "4090:1000", "--ram", "64"][..], "at most 16"),
        (&["--params", "8B", "--gpu", "4090", "--ram", "NaN"][..], "NaN"),
    ] {
        let out = vramfit(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let out = vramfit(&["--params", "8B", "--gpu", "4090", "--offload", "sometimes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("auto, none, layers or experts"));
}

/// The max-context answer is held to the model's trained context: Qwen/Qwen2.5-7B's published
/// config.json has `max_position_embeddings: 131072`; at Q4_K_M on an RTX 4090 memory alone
/// would allow more, and the CLI says so beside the answer.
#[test]
fn max_context_stops_at_the_trained_context() {
    let v = json(&["--model", "qwen2.5-7b", "--quant", "q4_k_m", "--gpu", "rtx-4090", "--solve", "max-context", "--json"]);
    assert_eq!(v["solve"]["max_context"], 131_072);
    assert!(v["solve_memory_allows"].as_u64().expect("memory allows more") > 131_072);
    // Llama 2 7B (4,096 positions) at BF16 on a 4090: memory, not the model, sets the limit.
    let short = json(&["--model", "llama-2-7b", "--gpu", "rtx-4090", "--solve", "max-context", "--json"]);
    assert!(short["solve"]["max_context"].as_u64().expect("some context fits") <= 4_096);
    let text = vramfit(&["--model", "qwen2.5-7b", "--quant", "q4_k_m", "--gpu", "rtx-4090", "--solve", "max-context"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("131,072 (memory would allow "), "{}", String::from_utf8_lossy(&text.stdout));
}

/// vLLM runs at most `max_num_seqs` sequences at once: 1024 on GPUs of 70 GiB or more other than
/// the A100, 256 otherwise (vllm/engine/arg_utils.py, `get_batch_defaults`).
#[test]
fn max_batch_stops_at_vllms_max_num_seqs() {
    let batch = |gpu: &str| {
        let v = json(&["--model", "qwen2.5-0.5b", "--quant", "q4_k_m", "--engine", "vllm", "--context", "512", "--gpu", gpu, "--solve", "max-batch", "--json"]);
        (v["solve"]["max_batch"].as_u64().expect("a batch fits"), v["solve_memory_allows"].as_u64())
    };
    for (gpu, cap) in [("h100-sxm5-80gb", 1024), ("a100-80gb-sxm4", 256), ("rtx-4090", 256)] {
        let (answer, allows) = batch(gpu);
        assert_eq!(answer, cap, "{gpu}");
        assert!(allows.expect("memory allows more") > cap, "{gpu}");
    }
    // llama.cpp takes the batch it is given: no cap, nothing "allowed" beside it.
    let v = json(&["--model", "qwen2.5-0.5b", "--quant", "q4_k_m", "--engine", "llama.cpp", "--context", "512", "--gpu", "rtx-4090", "--solve", "max-batch", "--json"]);
    assert!(v["solve"]["max_batch"].as_u64().expect("a batch fits") > 256);
    assert!(v.get("solve_memory_allows").is_none());
}
