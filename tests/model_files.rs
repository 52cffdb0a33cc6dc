//! Model files written by the formats' own reference writers (Python `safetensors` + numpy and
//! llama.cpp's `gguf` package, via tests/files/make_model_files.py, checked in under
//! tests/files/made/ with the writers' versions in its manifest) read by the `vramfit` CLI: the
//! byte and element counts must equal what those writers report, exactly. No Python runs here.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Instant;

use serde_json::Value;

/// The checked-in files, copied once per run to a scratch folder where the 100 GB ones (headers
/// only in the repository) are extended to their manifest's `file_bytes` as sparse files.
fn files() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let made = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/files/made");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("model-files");
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let manifest: Value = serde_json::from_slice(&std::fs::read(made.join("manifest.json")).expect("manifest")).expect("JSON");
        for entry in std::fs::read_dir(&made).expect("tests/files/made") {
            let name = entry.expect("entry").file_name();
            let copy = dir.join(&name);
            std::fs::copy(made.join(&name), &copy).expect("copy");
            if let Some(length) = manifest[name.to_string_lossy().as_ref()]["file_bytes"].as_u64() {
                std::fs::OpenOptions::new().write(true).open(&copy).and_then(|f| f.set_len(length)).expect("sparse file");
            }
        }
        dir
    })
}

fn manifest() -> Value {
    serde_json::from_slice(&std::fs::read(files().join("manifest.json")).expect("manifest")).expect("JSON")
}

fn vramfit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vramfit")).args(args).output().expect("vramfit runs")
}

fn import(names: &[&str], extra: &[&str]) -> Value {
    let paths: Vec<String> = names.iter().map(|n| files().join(n).to_string_lossy().into_owned()).collect();
    let mut args: Vec<&str> = paths.iter().map(String::as_str).collect();
    args.extend_from_slice(extra);
    args.push("--json");
    let out = vramfit(&args);
    assert!(out.status.success(), "{names:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn safetensors_byte_counts_are_exact() {
    let expected = &manifest()["tiny.safetensors"];
    let v = import(&["tiny.safetensors"], &[]);
    assert_eq!(v["params"], expected["elements"]);
    assert_eq!(v["weights_bytes"], expected["bytes"]);
    assert_eq!(v["source"]["kind"], "safetensors");
    assert_eq!(v["source"]["tensors"], expected["tensors"]);
    assert_eq!(v["source"]["bytes_by_dtype"], expected["bytes_by_dtype"]);
}

#[test]
fn shards_and_their_index_add_up() {
    let expected = &manifest()["sharded"];
    let v = import(&["model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"], &[]);
    assert_eq!(v["params"], expected["elements"]);
    assert_eq!(v["weights_bytes"], expected["bytes"]);
    assert_eq!(v["source"]["files"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["source"]["bytes_by_dtype"], expected["bytes_by_dtype"]);
}

#[test]
fn gguf_byte_counts_and_metadata_are_exact() {
    let manifest = manifest();
    for (name, label) in [("tiny-q4_k_m.gguf", "Q4_K_M"), ("tiny-q8_0.gguf", "Q8_0"), ("tiny-mixed.gguf", "Q4_0")] {
        let expected = &manifest[name];
        let v = import(&[name], &[]);
        assert_eq!(v["params"], expected["elements"], "{name}");
        assert_eq!(v["weights_bytes"], expected["bytes"], "{name}");
        assert_eq!(v["source"]["bytes_by_dtype"], expected["bytes_by_type"], "{name}");
        assert_eq!(v["source"]["label"], label, "{name}");
        // The metadata drives the KV cache: 2 layers × 2 × 2 KV heads × 64 head dim × 2 bytes.
        assert_eq!(v["kv_bytes_per_token"], 2 * 2 * 2 * 64 * 2, "{name}");
        assert_eq!(v["approximate"], false, "{name}: llama metadata is a known family");
    }
}

#[test]
fn a_quant_flag_turns_files_into_a_what_if() {
    let v = import(&["tiny-q8_0.gguf"], &["--quant", "fp16"]);
    assert!(v["source"].is_object());
    assert_ne!(v["weights_bytes"], manifest()["tiny-q8_0.gguf"]["bytes"]);
}

#[test]
fn sparse_100_gb_files_import_from_their_headers() {
    let manifest = manifest();
    for name in ["huge.safetensors", "huge.gguf"] {
        let expected = &manifest[name];
        let start = Instant::now();
        let v = import(&[name], &[]);
        assert_eq!(v["params"], expected["elements"], "{name}");
        assert_eq!(v["weights_bytes"], expected["bytes"], "{name}");
        // Reading 100 GB would take minutes; the header takes milliseconds. Generous bound.
        assert!(start.elapsed().as_secs() < 20, "{name} took {:?}", start.elapsed());
    }
}

#[test]
fn broken_files_are_refused_naming_the_file_and_the_problem() {
    let dir = files();
    let tiny = std::fs::read(dir.join("tiny-q8_0.gguf")).expect("gguf");
    let safetensors = std::fs::read(dir.join("tiny.safetensors")).expect("safetensors");
    let mut past_end = safetensors.clone();
    past_end[..8].copy_from_slice(&200_000u64.to_le_bytes());
    let mut bad_magic = tiny.clone();
    bad_magic[..4].copy_from_slice(b"GGUX");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.gguf", tiny[..2_000].to_vec(), "truncated"),
        ("bad-magic.gguf", bad_magic, "not a GGUF file"),
        ("past-end.safetensors", past_end, "past the end"),
        ("cut.safetensors", safetensors[..300].to_vec(), "truncated"),
        ("random.bin", vec![7u8; 64], "not a config.json"),
    ];
    for (name, bytes, needle) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = vramfit(&[path.to_str().expect("utf-8"), "--json"]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(name) && stderr.contains(needle), "{name}: {stderr}");
    }
}

/// GGUF headers of each llama.cpp architecture vramfit maps (written by gguf-py with llama.cpp's
/// key names: hybrids, MLA, sliding-window, MoE) give the layer plan, the KV cache of the layers
/// that keep one and the fixed recurrent state that llama.cpp's formulas imply (computed in
/// make_model_files.py).
#[test]
fn gguf_headers_give_the_layer_plan_the_cache_and_the_recurrent_state() {
    let manifest = manifest();
    for name in ["tiny-qwen3next.gguf", "tiny-nemotronh.gguf", "tiny-granitehybrid.gguf", "tiny-mamba2.gguf", "tiny-falconh1.gguf", "tiny-hunyuanmoe.gguf", "tiny-deepseek2.gguf", "tiny-gemma3.gguf", "tiny-glm4moe.gguf", "tiny-olmo2.gguf", "tiny-exaone4.gguf", "tiny-seed_oss.gguf", "tiny-smollm3.gguf", "tiny-glm4.gguf", "tiny-ernie4_5.gguf", "tiny-llama4.gguf", "tiny-jamba.gguf", "tiny-gemma3n.gguf"] {
        let expected = &manifest[name];
        let v = import(&[name], &["--engine", "llama.cpp", "--kv-quant", "f16", "--batch", "2"]);
        assert_eq!(v["layers_by_mixer"], expected["layers_by_mixer"], "{name}");
        assert_eq!(v["approximate"], false, "{name}: a family read exactly");
        if let Some(moe) = expected["moe_layers"].as_u64() {
            assert!(v["shape"].as_str().is_some_and(|s| s.contains(&format!("in {moe} layers"))), "{name}: {}", v["shape"]);
        }
        assert_eq!(v["kv_bytes_per_token"], expected["kv_bytes_per_token_f16"], "{name}");
        let state = expected["state_bytes_per_sequence_f32"].as_u64().unwrap();
        assert_eq!(v["state_bytes"].as_u64(), Some(2 * state), "{name}: two sequences");
    }
}

/// An mmproj file dropped next to its model (llama.cpp's `--mmproj`): its tensors are counted as
/// the vision encoder and projector, the model's own file type stays the label.
#[test]
fn an_mmproj_file_is_the_models_vision_tower() {
    let manifest = manifest();
    let model = manifest["tiny-q8_0.gguf"]["elements"].as_u64().unwrap();
    let projector = manifest["mmproj-tiny.gguf"]["elements"].as_u64().unwrap();
    let v = import(&["mmproj-tiny.gguf", "tiny-q8_0.gguf"], &[]);
    assert_eq!(v["params"].as_u64(), Some(model + projector));
    assert_eq!(v["parts"]["vision"].as_u64(), Some(projector));
    assert_eq!(v["source"]["label"], "Q8_0");
}
