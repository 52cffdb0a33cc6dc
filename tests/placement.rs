//! Placement on GPUs and RAM against published llama.cpp load logs (docs/reference/offload.md
//! §2, rules in docs/reference/llama_cpp_placement.md): the buffer sizes llama.cpp printed for
//! each device, for dense and MoE models, and the layer split across GPUs.
#![cfg(not(target_arch = "wasm32"))]

use vramfit::core::architecture::Architecture;
use vramfit::core::catalogue::gpus::find_gpu;
use vramfit::core::catalogue::models::find;
use vramfit::core::engines::Engine;
use vramfit::core::estimate::{layout, LayerLayout, Model, Settings};
use vramfit::core::kv_cache::KvDtype;
use vramfit::core::machine::{unified_share, Machine, UnifiedRule};
use vramfit::core::placement::{place, Forced, Offload, PlacementKind, Workload};
use vramfit::core::quant::WeightFormat;
use vramfit::core::units::{Bytes, Tokens, GIB};

const MIB: f64 = 1_048_576.0;

fn preset(id: &str) -> Model {
    Model::Architecture(find(id).expect("preset").architecture().expect("architecture"))
}

fn config(json: &str) -> Model {
    Model::Architecture(Architecture::from_config_json(json.as_bytes()).expect("config"))
}

fn layers_of(model: &Model, format: &str, context: u64, kv: KvDtype) -> LayerLayout {
    let settings = Settings { format: WeightFormat::from_name(format).expect("format"), engine: Engine::LlamaCpp, context: Tokens(context), kv_dtype: kv, ..Settings::default() };
    layout(model, &settings).expect("layout")
}

/// MiB printed with two decimals, as llama.cpp's `buffer size = %8.2f MiB`.
fn mib(bytes: u64) -> String {
    format!("{:.2}", bytes as f64 / MIB)
}

fn blocks(layout: &LayerLayout, range: std::ops::Range<usize>) -> u64 {
    layout.weights.layers[range].iter().map(|(dense, experts)| dense + experts).sum()
}

/// L4 (ollama/ollama#11986): a Llama-3-70B Q8_0 over two GPUs, Ollama's layer split 28 + 53.
/// `CPU_Mapped` is the token embedding (always in RAM), CUDA0 28 blocks, the last GPU 52 blocks
/// and the output layer.
#[test]
fn llama_3_70b_q8_0_on_two_gpus_matches_log_l4() {
    let model = preset("llama-3.1-70b");
    let l = layers_of(&model, "q8_0", 4_096, KvDtype::F16);
    assert_eq!(mib(l.weights.input), "1064.62");
    assert_eq!(mib(blocks(&l, 0..28)), "24277.75");
    assert_eq!(mib(blocks(&l, 28..80) + l.weights.output), "46151.91");
    // Free memory in the ratio Ollama's layer counts give: 28 and 53 of 81 slots.
    let gpu = find_gpu("rtx-a6000").expect("gpu").clone();
    let machine = Machine { gpus: vec![gpu.clone(), gpu], ram: Some(Bytes(128_000_000_000)), ram_bandwidth_gbps: 80.0 };
    let usable = [28 * GIB, 53 * GIB];
    let placed = place(&l, &machine, &usable, Offload::Auto, Forced::default(), Workload { active_params: 70_000_000_000, prompt_tokens: 4_096, batch: 1 });
    assert_eq!(placed.layers_per_gpu, vec![28, 53]);
    assert_eq!(placed.kind, PlacementKind::Gpu);
}

/// L8 (ollama/ollama#2637): Mistral-Large-Instruct-2407 Q3_K_S, 122.61 B parameters. 88 blocks
/// on the GPU (49,920.75 MiB); the token embedding (Q3_K), output (Q6_K) and its norm in host
/// memory (480.05 MiB), the old rule that kept the output on the CPU at `-ngl 88`.
#[test]
fn mistral_large_q3_k_s_matches_log_l8() {
    // https://huggingface.co/mistralai/Mistral-Large-Instruct-2407/blob/main/config.json
    let model = config(r#"{"architectures":["MistralForCausalLM"],"model_type":"mistral","hidden_size":12288,"intermediate_size":28672,"num_attention_heads":96,"num_hidden_layers":88,"num_key_value_heads":8,"head_dim":128,"vocab_size":32768,"max_position_embeddings":131072,"rms_norm_eps":1e-05,"rope_theta":1000000.0,"tie_word_embeddings":false}"#);
    let l = layers_of(&model, "q3_k_s", 32_768, KvDtype::F16);
    assert_eq!(mib(blocks(&l, 0..88)), "49920.75");
    assert_eq!(mib(l.weights.input + l.weights.output), "480.05");
}

/// L1 (ikawrakow/ik_llama.cpp#657): DeepSeek-R1-0528 at n_ctx 16,384 caches MLA's latent only,
/// (512 + 64) × 2 B per token and layer: 18 MiB a layer, 1,098 MiB over 61; the Q8_0 token
/// embedding in pinned host memory is 938.98 MiB.
#[test]
fn deepseek_r1_cache_and_embedding_match_log_l1() {
    let model = preset("deepseek-r1");
    let l = layers_of(&model, "q8_0", 16_384, KvDtype::F16);
    assert_eq!(mib(l.weights.input), "938.98");
    assert!(l.cache.iter().all(|&c| mib(c) == "18.00"), "{:?}", &l.cache[..3]);
    assert_eq!(mib(l.cache.iter().sum()), "1098.00");
    // The 25 / 19 / 17 split of L1 is what free memory in the ratio of 32 + 24 + 24 GB cards,
    // less what each already held, gives; here the slots split in proportion to free memory.
    let experts_in_ram: u64 = l.weights.layers.iter().map(|(_, experts)| experts).sum();
    assert!(experts_in_ram > 600 * GIB, "routed experts of 671B in Q8_0: {}", mib(experts_in_ram));
}

/// L2 (ollama/ollama#8447): DeepSeek-R1 with one layer on the GPU. Before MLA caching llama.cpp
/// kept full K and V, 2,048 × (24,576 + 16,384) × 2 B = 160 MiB a layer, on that layer's device;
/// the GPU's single block (Q4_K_M, inferred from the 376.6 GiB total) was 7,106.67 MiB.
#[test]
fn deepseek_r1_one_block_on_the_gpu_matches_log_l2() {
    let l = layers_of(&preset("deepseek-r1"), "q4_k_m", 2_048, KvDtype::F16);
    let last = blocks(&l, 60..61) as f64 / MIB;
    // llama.cpp's per-tensor recipe (Q6_K ffn_down in the last eighth): within 1%.
    assert!((last / 7_106.67 - 1.0).abs() < 0.01, "blk.60 {last:.2} MiB vs 7106.67");
    let total = (l.weights.input + l.weights.output + blocks(&l, 0..61)) as f64 / MIB;
    assert!((total / (378_582.96 + 7_106.67) - 1.0).abs() < 0.01, "model {total:.2} MiB vs 385689.63");
}

/// L5 (ggml-org/llama.cpp#22673): a Qwen3.5-35B-A3B-class hybrid at n_ctx 131,072 keeps KV in
/// its 10 attention layers only: 2,560 MiB (2 KV heads × 256 × K and V × 2 B per token).
#[test]
fn qwen3_5_hybrid_cache_matches_log_l5() {
    let l = layers_of(&preset("qwen3.5-35b-a3b"), "q4_k_m", 131_072, KvDtype::F16);
    let kv_layers = l.cache.iter().filter(|&&c| c > 100 * 1_048_576).count();
    assert_eq!(kv_layers, 10);
    let kv: u64 = l.cache.iter().filter(|&&c| c > 100 * 1_048_576).sum();
    assert_eq!(mib(kv), "2560.00");
}

/// L3 (ggml-org/llama.cpp#6122): Command-R 35B (tied embeddings) Q6_K on an RTX 4070 Ti and an
/// RTX 3090 Ti: the token embedding in RAM is 1,640.62 MiB and each layer's f16 KV at 4,096
/// tokens 128 MiB (64 KV heads × 128 × K and V × 2 B).
#[test]
fn command_r_embedding_and_cache_match_log_l3() {
    // https://huggingface.co/CohereForAI/c4ai-command-r-v01/blob/main/config.json
    let model = config(r#"{"architectures":["CohereForCausalLM"],"model_type":"cohere","hidden_size":8192,"intermediate_size":22528,"num_attention_heads":64,"num_hidden_layers":40,"num_key_value_heads":64,"vocab_size":256000,"max_position_embeddings":8192,"layer_norm_eps":1e-05,"tie_word_embeddings":true,"use_qk_norm":false}"#);
    let l = layers_of(&model, "q6_k", 4_096, KvDtype::F16);
    assert_eq!(mib(l.weights.input), "1640.62");
    // Tied: llama.cpp loads the embedding a second time as the output head.
    assert!(l.weights.output >= l.weights.input);
    assert!(l.cache.iter().all(|&c| mib(c) == "128.00"));
}

/// The issue's example: Qwen3-30B-A3B Q4_K_M at 16k on an RTX 4070 (12 GB) with 32 GB of RAM
/// runs with the experts of some layers in RAM; people run it so at 20–35 tokens/s.
#[test]
fn qwen3_30b_a3b_runs_on_a_12_gb_card_with_its_experts_in_ram() {
    let l = layers_of(&preset("qwen3-30b-a3b"), "q4_k_m", 16_384, KvDtype::F16);
    let gpu = find_gpu("rtx-4070").expect("gpu").clone();
    let usable = [gpu.usable_bytes - 500_000_000];
    let machine = Machine { gpus: vec![gpu], ram: Some(Bytes(32_000_000_000)), ram_bandwidth_gbps: 89.6 };
    let work = Workload { active_params: 3_300_000_000, prompt_tokens: 16_384, batch: 1 };
    let placed = place(&l, &machine, &usable, Offload::Auto, Forced::default(), work);
    assert_eq!(placed.kind, PlacementKind::Experts, "{placed:?}");
    assert!((1..48).contains(&placed.cpu_moe_layers) && placed.gpu_layers == 49, "{placed:?}");
    assert!(placed.vram_bytes[0] <= placed.usable_bytes[0] && placed.ram_bytes <= placed.ram_usable_bytes);
    // Forcing everything onto the GPU does not fit; with 8 GB of RAM nothing does.
    let none = place(&l, &machine, &usable, Offload::None, Forced::default(), work);
    assert_eq!(none.kind, PlacementKind::None);
    let small = Machine { ram: Some(Bytes(8_000_000_000)), ..machine.clone() };
    let short = place(&l, &small, &usable, Offload::Auto, Forced::default(), work);
    assert_eq!(short.kind, PlacementKind::None);
    assert!(short.short_bytes.0 > 1_000_000_000, "{short:?}");
    // A forced -ngl is honoured and judged.
    let forced = place(&l, &machine, &usable, Offload::Auto, Forced { gpu_layers: Some(20), cpu_moe: None }, work);
    assert_eq!((forced.kind, forced.gpu_layers, forced.cpu_moe_layers), (PlacementKind::Layers, 20, 0));
    assert_eq!(forced.layers_per_gpu, vec![20]);
}

/// macOS's GPU working-set limit by memory size, as llama.cpp logged it
/// (docs/reference/offload.md §3a): M1 16 GB 10,922.67 MiB, M2 Max 32 GB 21,845.34 MiB, M2 Max
/// 96 GB 73,728 MiB; `iogpu.wired_limit_mb` replaces it (26,000 MiB on an M1 Max 32 GB).
#[test]
fn macos_gives_the_gpu_its_working_set_limit() {
    let m1 = find_gpu("apple-m1-max-32c").expect("an Apple GPU");
    let share = |gb: u64| unified_share(m1, Bytes(gb * GIB), None);
    assert_eq!(format!("{:.0}", share(16).0 .0 as f64 / MIB), "10923");
    assert_eq!(format!("{:.0}", share(32).0 .0 as f64 / MIB), "21845");
    assert_eq!(share(96), (Bytes(73_728 * 1_048_576), UnifiedRule::MacOs));
    assert_eq!(unified_share(m1, Bytes(32 * GIB), Some(26_000)), (Bytes(26_000 * 1_048_576), UnifiedRule::Override));
    // The catalogue's Apple rows follow the same rule (an M1 Max with 64 GB: 48 GiB).
    assert_eq!(m1.usable_bytes, share(64).0 .0);
}

/// The machine's solvers: Qwen3-30B-A3B's BF16 weights (61 GB) cannot run on 12 GB of VRAM
/// plus 28 GB of RAM left by the OS, its Q8_0 (32.5 GB, the size of the published Q8_0 GGUFs)
/// can; asking for more speed never gives a longer context or a better format.
#[test]
fn the_machine_solvers_answer_what_runs() {
    use vramfit::core::request::{report, FormatChoice, ModelInput, Request};
    let request = Request {
        model: ModelInput::Chosen(preset("qwen3-30b-a3b")),
        quant: FormatChoice::Format(WeightFormat::from_name("q4_k_m").expect("format")),
        engine: Engine::LlamaCpp,
        context: "16k".into(),
        gpu: "rtx-4070".into(),
        ram: "32".into(),
        ..Request::default()
    };
    let report = report(&request, vramfit::core::units::NumberStyle::Point).expect("valid");
    let answers = report.machine_answers.expect("answers");
    assert_eq!(answers.best_quant.as_deref(), Some("q8_0"));
    let (all, fast) = (answers.max_context.expect("some context runs"), answers.max_context_at_speed.expect("and at 10 tokens/s"));
    assert!(all >= 16_384 && fast <= all, "{all} {fast}");
    let fast_enough = Request { speed_target: "1000".into(), ..request };
    let none = vramfit::core::request::report(&fast_enough, vramfit::core::units::NumberStyle::Point).expect("valid").machine_answers.expect("answers");
    assert_eq!((none.best_quant_at_speed, none.max_context_at_speed), (None, None), "nothing decodes at 1,000 tokens/s here");
}
