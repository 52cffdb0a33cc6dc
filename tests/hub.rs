//! Models on the Hugging Face Hub: the id and link parser, and `vramfit hf:owner/name` against a
//! local server that answers as the Hub's API documents (tests/fixtures/hub/repos.json), with
//! `Range` and redirects to a CDN path. The figures must equal those of the same files read from
//! disk, and the files' own manifest (written by the formats' Python writers).
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use vramfit::core::hub::{parse_hub_ref, HubRef, HubRefError};

fn hub_ref(repo: &str, revision: &str, file: Option<&str>) -> HubRef {
    HubRef { repo: repo.into(), revision: revision.into(), file: file.map(str::to_string) }
}

#[test]
fn ids_and_links_people_paste() {
    let cases: &[(&str, HubRef)] = &[
        ("Qwen/Qwen3-8B", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("  Qwen/Qwen3-8B \n", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("hf.co/Qwen/Qwen3-8B", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("https://huggingface.co/Qwen/Qwen3-8B", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("https://huggingface.co/Qwen/Qwen3-8B/", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("http://www.huggingface.co/Qwen/Qwen3-8B?library=transformers#model-card", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("https://huggingface.co/models/Qwen/Qwen3-8B", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("https://huggingface.co/Qwen/Qwen3-8B/discussions/12", hub_ref("Qwen/Qwen3-8B", "main", None)),
        ("https://huggingface.co/Qwen/Qwen3-8B/tree/v1.0", hub_ref("Qwen/Qwen3-8B", "v1.0", None)),
        ("https://huggingface.co/Qwen/Qwen3-8B/tree/refs%2Fpr%2F3", hub_ref("Qwen/Qwen3-8B", "refs/pr/3", None)),
        ("https://huggingface.co/Qwen/Qwen3-8B/blob/main/config.json", hub_ref("Qwen/Qwen3-8B", "main", None)),
        (
            "https://huggingface.co/unsloth/Qwen3-8B-GGUF/blob/main/Qwen3-8B-Q8_0.gguf",
            hub_ref("unsloth/Qwen3-8B-GGUF", "main", Some("Qwen3-8B-Q8_0.gguf")),
        ),
        (
            "hf.co/unsloth/Kimi-K2-GGUF/resolve/0123abcd/Q2_K/Kimi-K2-Q2_K-00001-of-00008.gguf?download=true",
            hub_ref("unsloth/Kimi-K2-GGUF", "0123abcd", Some("Q2_K/Kimi-K2-Q2_K-00001-of-00008.gguf")),
        ),
        ("mlx-community/Llama-3.2-1B-Instruct-4bit", hub_ref("mlx-community/Llama-3.2-1B-Instruct-4bit", "main", None)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_hub_ref(text).as_ref(), Ok(expected), "{text:?}");
    }
}

#[test]
fn hostile_and_wrong_inputs_are_refused_with_a_reason() {
    let long = format!("Qwen/{}", "a".repeat(10_000));
    let cases: &[(&str, HubRefError)] = &[
        ("", HubRefError::Empty),
        ("   ", HubRefError::Empty),
        (&long, HubRefError::TooLong),
        ("Qwen/../../etc", HubRefError::BadRepo),
        ("Qwen/%2e%2e", HubRefError::BadRepo),
        ("../Qwen3-8B", HubRefError::BadRepo),
        ("Qwen/Qwen3-8B\nHost: evil.example", HubRefError::BadRepo),
        ("Qwen/Qwen3 8B", HubRefError::BadRepo),
        ("Qwen", HubRefError::BadRepo),
        ("Qwen/-x", HubRefError::BadRepo),
        ("Qwen/a--b", HubRefError::BadRepo),
        ("Qwen/<script>", HubRefError::BadRepo),
        ("https://huggingface.co/Qwen/Qwen3-8B/tree/..%2F..", HubRefError::BadRevision),
        ("https://huggingface.co/Qwen/Qwen3-8B/tree/a%00b", HubRefError::BadRevision),
        ("https://huggingface.co/Qwen/Qwen3-8B/blob/main/../../secrets.gguf", HubRefError::BadFile),
        ("https://huggingface.co/Qwen/Qwen3-8B/blob/main/%2e%2e/x.gguf", HubRefError::BadFile),
        ("https://evil.example/Qwen/Qwen3-8B", HubRefError::OtherHost("evil.example".into())),
        ("https://huggingface.co.evil.example/Qwen/Qwen3-8B", HubRefError::OtherHost("huggingface.co.evil.example".into())),
        ("evil.example/Qwen/Qwen3-8B", HubRefError::OtherHost("evil.example".into())),
        ("localhost:8080/Qwen/Qwen3-8B", HubRefError::OtherHost("localhost:8080".into())),
        ("file:///etc/passwd", HubRefError::OtherHost("file://".into())),
        ("javascript://huggingface.co/Qwen/Qwen3-8B", HubRefError::OtherHost("javascript://".into())),
        ("https://huggingface.co/datasets/HuggingFaceFW/fineweb", HubRefError::NotAModel),
        ("https://huggingface.co/spaces/hf-accelerate/model-memory-usage", HubRefError::NotAModel),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_hub_ref(text).as_ref(), Err(expected), "{text:?}");
    }
}

/// The fixture repos.
fn repos() -> Value {
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hub/repos.json")).expect("fixture");
    serde_json::from_slice::<Value>(&text).expect("JSON")["repos"].clone()
}

fn made(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/files/made").join(name).to_string_lossy().into_owned()
}

/// A file's bytes (`None` for one that is only listed) and its size.
fn content(file: &Value) -> (Option<Vec<u8>>, u64) {
    let bytes = if let Some(json) = file.get("json") {
        Some(serde_json::to_vec(json).expect("JSON"))
    } else if let Some(text) = file["text"].as_str() {
        Some(text.as_bytes().to_vec())
    } else {
        file["made"].as_str().map(|name| std::fs::read(made(name)).expect("made file"))
    };
    let size = bytes.as_ref().map_or_else(|| file["size"].as_u64().expect("a size"), |b| b.len() as u64);
    (bytes, size)
}

/// A Hub stand-in on 127.0.0.1: every request line it served is kept.
struct Hub {
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

fn respond(stream: &mut std::net::TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body));
}

fn serve(stream: &mut std::net::TcpStream, repos: &Value, requests: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut range = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("range") {
                range = Some(value.trim().to_string());
            }
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or_default().to_string();
    requests.lock().expect("lock").push(format!("{target} {}", range.clone().unwrap_or_default()));
    let path = target.split('?').next().unwrap_or_default();
    let find_repo = |rest: &str| -> Option<(String, String)> {
        let mut parts = rest.splitn(3, '/');
        let repo = format!("{}/{}", parts.next()?, parts.next()?);
        Some((repo, parts.next().unwrap_or_default().to_string()))
    };
    let json = [("Content-Type", "application/json".to_string())];
    if let Some(rest) = path.strip_prefix("/api/models/") {
        let Some((repo, tail)) = find_repo(rest) else { return respond(stream, "404 Not Found", &[], b"") };
        let Some(entry) = repos.get(&repo) else {
            return respond(stream, "404 Not Found", &json, br#"{"error":"Repository not found"}"#);
        };
        if tail.is_empty() || tail.starts_with("revision/") {
            let info = serde_json::json!({"id": repo, "sha": entry["sha"], "gated": entry["gated"], "private": false,
                "siblings": entry["files"].as_object().expect("files").keys().map(|k| serde_json::json!({"rfilename": k})).collect::<Vec<_>>()});
            return respond(stream, "200 OK", &json, info.to_string().as_bytes());
        }
        let tree: Vec<Value> = entry["files"]
            .as_object()
            .expect("files")
            .iter()
            .map(|(name, file)| {
                let (_, size) = content(file);
                let lfs = !name.ends_with(".json") && !name.ends_with(".md");
                // LFS files list their pointer's size at the top and the file's under `lfs`.
                if lfs {
                    serde_json::json!({"type": "file", "oid": "0", "size": 135, "path": name, "lfs": {"oid": "1", "size": size, "pointerSize": 135}})
                } else {
                    serde_json::json!({"type": "file", "oid": "0", "size": size, "path": name})
                }
            })
            .collect();
        return respond(stream, "200 OK", &json, Value::Array(tree).to_string().as_bytes());
    }
    // /{repo}/resolve/{rev}/{path}: LFS files redirect to the CDN path, which answers Range.
    let (cdn, rest) = match path.strip_prefix("/cdn/") {
        Some(rest) => (true, rest),
        None => (false, path.trim_start_matches('/')),
    };
    let Some((repo, tail)) = find_repo(rest) else { return respond(stream, "404 Not Found", &[], b"") };
    let Some(entry) = repos.get(&repo) else { return respond(stream, "401 Unauthorized", &[], b"") };
    let Some(file_path) = tail.strip_prefix("resolve/").and_then(|t| t.split_once('/')).map(|(_, p)| p.to_string()) else {
        return respond(stream, "404 Not Found", &[], b"");
    };
    if entry["gated"] != Value::Bool(false) {
        return respond(stream, "401 Unauthorized", &json, br#"{"error":"Access to model is restricted."}"#);
    }
    let Some(file) = entry["files"].get(&file_path) else { return respond(stream, "404 Not Found", &[], b"Entry not found") };
    let (Some(bytes), _) = content(file) else { return respond(stream, "404 Not Found", &[], b"") };
    if !cdn && !file_path.ends_with(".json") {
        return respond(stream, "302 Found", &[("Location", format!("/cdn{path}"))], b"");
    }
    match range.as_deref().and_then(|r| r.strip_prefix("bytes=0-")).and_then(|end| end.parse::<usize>().ok()) {
        Some(end) => {
            let end = end.min(bytes.len() - 1);
            let range = format!("bytes 0-{end}/{}", bytes.len());
            respond(stream, "206 Partial Content", &[("Content-Range", range)], &bytes[..=end]);
        }
        None => respond(stream, "200 OK", &[], &bytes),
    }
}

fn start_hub() -> Hub {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    let repos = repos();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            serve(&mut stream, &repos, &seen);
            let _ = stream.flush();
            // Drain what the client still sends, so closing does not reset the connection.
            let _ = stream.shutdown(std::net::Shutdown::Write);
            let _ = stream.read(&mut [0u8; 64]);
        }
    });
    Hub { base, requests }
}

fn vramfit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vramfit")).args(args).env_remove("HF_ENDPOINT").output().expect("the vramfit binary runs")
}

fn json(args: &[&str]) -> Value {
    let out = vramfit(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

/// The fields that make the estimate: everything but the source's description of where the files were.
fn figures(mut report: Value) -> Value {
    report.as_object_mut().expect("an object").remove("source");
    report
}

#[test]
fn a_single_file_repo_reads_its_header_by_range_through_the_redirect() {
    let hub = start_hub();
    let v = json(&["hf:test-org/tiny-dense", "--hf-endpoint", &hub.base, "--json"]);
    let manifest: Value = serde_json::from_slice(&std::fs::read(made("manifest.json")).expect("manifest")).expect("JSON");
    assert_eq!(v["params"], manifest["tiny.safetensors"]["elements"]);
    assert_eq!(v["weights_bytes"], manifest["tiny.safetensors"]["bytes"]);
    assert_eq!(v["source"]["repo"], "test-org/tiny-dense");
    assert_eq!(v["source"]["revision"], "main@1111111111111111111111111111111111111111");
    assert_eq!(figures(v), figures(json(&[&made("tiny.safetensors"), "--json"])));
    let requests = hub.requests.lock().expect("lock").clone();
    assert_eq!(requests[0], "/api/models/test-org/tiny-dense ");
    assert_eq!(requests[1], "/api/models/test-org/tiny-dense/tree/main?recursive=true ");
    assert!(requests[2].starts_with("/test-org/tiny-dense/resolve/main/model.safetensors bytes=0-"), "{requests:?}");
    assert!(requests[3].starts_with("/cdn/test-org/tiny-dense/resolve/main/model.safetensors bytes=0-"), "the Range header survives the redirect: {requests:?}");
    assert!(!requests.iter().any(|r| r.contains("README")), "only what the model needs is read: {requests:?}");
}

#[test]
fn a_sharded_repo_reads_its_config_and_index_only() {
    let hub = start_hub();
    let v = json(&["hf:https://huggingface.co/Qwen/Qwen2.5-7B", "--hf-endpoint", &hub.base, "--json"]);
    // transformers' count of Qwen2.5-7B (tests/fixtures/reference_models.json) and the index's
    // published total_size.
    assert_eq!(v["params"], 7_615_616_512u64);
    assert_eq!(v["source"]["weights_bytes"], 15_231_233_024u64);
    let requests = hub.requests.lock().expect("lock").clone();
    assert_eq!(requests.len(), 4, "info, tree, config, index: {requests:?}");
    let dir = std::env::temp_dir().join(format!("vramfit-hub-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files = &repos()["Qwen/Qwen2.5-7B"]["files"];
    for name in ["config.json", "model.safetensors.index.json"] {
        std::fs::write(dir.join(name), content(&files[name]).0.expect("content")).expect("write");
    }
    let local = json(&[&dir.join("config.json").to_string_lossy(), &dir.join("model.safetensors.index.json").to_string_lossy(), "--json"]);
    assert_eq!(figures(v), figures(local));
}

#[test]
fn a_gguf_repo_reads_the_chosen_quant_and_its_projector() {
    let hub = start_hub();
    let manifest: Value = serde_json::from_slice(&std::fs::read(made("manifest.json")).expect("manifest")).expect("JSON");
    // Without a file named, the Q4_K_M quant.
    let v = json(&["hf:test-org/tiny-GGUF", "--hf-endpoint", &hub.base, "--json"]);
    let local = json(&[&made("tiny-q4_k_m.gguf"), &made("mmproj-tiny.gguf"), "--json"]);
    assert_eq!(figures(v.clone()), figures(local));
    assert_eq!(v["params"], manifest["tiny-q4_k_m.gguf"]["elements"].as_u64().unwrap() + manifest["mmproj-tiny.gguf"]["elements"].as_u64().unwrap());
    // A link to the Q8_0 file reads that one.
    let link = "hf:https://huggingface.co/test-org/tiny-GGUF/blob/main/tiny-Q8_0.gguf";
    let q8 = json(&[link, "--hf-endpoint", &hub.base, "--json"]);
    assert_eq!(figures(q8), figures(json(&[&made("tiny-q8_0.gguf"), &made("mmproj-tiny.gguf"), "--json"])));
    let requests = hub.requests.lock().expect("lock").clone();
    assert!(!requests.iter().any(|r| r.contains("tiny-Q8_0") && r.contains("tree")), "{requests:?}");
}

#[test]
fn gated_missing_and_unreachable_repos_say_what_to_do() {
    let hub = start_hub();
    let cases: &[(&str, &str)] = &[
        ("hf:meta-llama/Llama-3.1-8B-Instruct", "gated or private"),
        ("hf:nobody/no-such-model", "not found on Hugging Face"),
        ("hf:https://huggingface.co/test-org/tiny-GGUF/blob/main/tiny-q2_k.gguf", "tiny-q2_k.gguf: not found"),
        ("hf:evil.example/a/b", "not huggingface.co"),
    ];
    for (id, message) in cases {
        let out = vramfit(&[id, "--hf-endpoint", &hub.base, "--json"]);
        assert_eq!(out.status.code(), Some(1), "{id}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{id}: {stderr}");
        assert!(!stderr.contains("panicked"), "{id}: {stderr}");
    }
    // Nothing listens on port 9 here: a network error, said as one.
    let out = vramfit(&["hf:Qwen/Qwen3-8B", "--hf-endpoint", "http://127.0.0.1:9", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not be reached"), "{}", String::from_utf8_lossy(&out.stderr));
    // The gated repo stopped at its info: no file was asked for.
    assert!(!hub.requests.lock().expect("lock").iter().any(|r| r.contains("Llama-3.1-8B-Instruct/resolve")));
}
