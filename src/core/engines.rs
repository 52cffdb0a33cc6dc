//! Inference engines: how each allocates the KV cache and what it needs besides weights and KV.

use std::fmt;

use crate::core::i18n::{Key, Lang};
use crate::core::kv_cache::KvLayout;
use crate::core::units::{Bytes, GIB};

/// An inference runtime preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Hugging Face transformers `generate` with SDPA attention and a dynamic cache.
    Transformers,
    /// vLLM: preallocates `gpu_memory_utilization` of the GPU and fills what is left with KV blocks.
    Vllm,
    /// llama.cpp (`llama-server`, `llama-cli`).
    LlamaCpp,
    /// TensorRT-LLM with its paged KV cache.
    TensorRtLlm,
    /// Weights and KV cache only: add your own overheads.
    Custom,
}

/// An engine name that is not known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEngine(pub String);

impl fmt::Display for UnknownEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unknown engine “{}”. Use transformers, vllm, llama.cpp, tensorrt-llm or custom.", self.0)
    }
}

impl std::error::Error for UnknownEngine {}

/// Written as its name (`q8_0`, `llama.cpp`) in JSON.
impl crate::core::to_json::ToJson for Engine {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.string(self.name());
    }
}

impl Engine {
    /// Every engine, in the order the page lists them.
    pub const ALL: [Engine; 5] = [Engine::Vllm, Engine::LlamaCpp, Engine::Transformers, Engine::TensorRtLlm, Engine::Custom];

    /// What the page's list calls it in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Engine::Vllm => "vLLM",
            Engine::LlamaCpp => "llama.cpp / Ollama",
            Engine::Transformers => lang.text(Key::EngineTransformers),
            Engine::TensorRtLlm => "TensorRT-LLM",
            Engine::Custom => lang.text(Key::EngineCustom),
        }
    }

    /// The name the CLI, links and JSON use (`llama.cpp`).
    pub fn name(self) -> &'static str {
        match self {
            Engine::Transformers => "transformers",
            Engine::Vllm => "vllm",
            Engine::LlamaCpp => "llama.cpp",
            Engine::TensorRtLlm => "tensorrt-llm",
            Engine::Custom => "custom",
        }
    }

    /// Reads an engine name (case-insensitive, with common aliases).
    pub fn from_name(name: &str) -> Result<Engine, UnknownEngine> {
        let lower = name.trim().to_ascii_lowercase();
        let canonical = match lower.as_str() {
            "hf" | "huggingface" | "transformers" => "transformers",
            "llamacpp" | "llama_cpp" | "llama-cpp" | "ollama" => "llama.cpp",
            "trtllm" | "trt-llm" | "tensorrt_llm" | "tensorrt-llm" => "tensorrt-llm",
            other => other,
        };
        Engine::ALL.into_iter().find(|e| e.name() == canonical).ok_or_else(|| UnknownEngine(name.trim().into()))
    }

    /// How the engine lays out the KV cache. llama.cpp caps sliding-window layers at their
    /// window (its SWA cache); vLLM v0.19 reserved full length for Gemma 2 (measurements.md).
    /// vLLM, llama.cpp and TensorRT-LLM cache MLA's compressed latent; transformers expands it.
    pub fn kv_layout(self) -> KvLayout {
        match self {
            Engine::LlamaCpp => KvLayout { cap_sliding_window: true, mla_compressed: true, state_f32: true },
            Engine::Vllm | Engine::TensorRtLlm | Engine::Custom => {
                KvLayout { cap_sliding_window: false, mla_compressed: true, state_f32: false }
            }
            Engine::Transformers => KvLayout { cap_sliding_window: false, mla_compressed: false, state_f32: false },
        }
    }

    /// Memory outside the framework's tensor allocator on each GPU (CUDA context, cuBLAS and
    /// NCCL workspaces), with its uncertainty in per mille.
    ///
    /// vLLM v0.19 on H100 logged "non-torch" 0.25 GiB with one GPU and ~2.1 GiB per GPU with
    /// tensor parallelism (custom all-reduce and NCCL buffers), docs/reference/measurements.md.
    /// The others are not measured there: the same CUDA-context figure (0.25 GiB) is assumed for
    /// llama.cpp, 0.5 GiB for transformers and TensorRT-LLM (more libraries loaded), ±100%.
    pub fn runtime_bytes(self, tensor_parallel: u64) -> (Bytes, u64) {
        let quarter_gib = GIB / 4;
        match self {
            Engine::Vllm if tensor_parallel >= 2 => (Bytes(GIB * 21 / 10), 200),
            Engine::Vllm => (Bytes(quarter_gib), 300),
            Engine::LlamaCpp => (Bytes(quarter_gib), 1000),
            Engine::Transformers | Engine::TensorRtLlm => (Bytes(GIB / 2), 1000),
            Engine::Custom => (Bytes(0), 0),
        }
    }

    /// The most sequences the engine runs at once by default, on a GPU of `gpu_memory`: vLLM's
    /// `max_num_seqs` is 1024 on GPUs of 70 GiB or more other than the A100, else 256
    /// (`EngineArgs.get_batch_defaults`, vllm/engine/arg_utils.py, V1 engine). The others take
    /// the batch they are given.
    pub fn max_sequences(self, gpu_memory: Bytes, gpu_name: &str) -> Option<u64> {
        match self {
            Engine::Vllm if gpu_memory.0 >= 70 * GIB && !gpu_name.to_ascii_lowercase().contains("a100") => Some(1024),
            Engine::Vllm => Some(256),
            _ => None,
        }
    }

    /// CUDA graphs captured after the KV cache is allocated: vLLM v0.19 logged 0.51–1.85 GiB
    /// (mean 1.04) across 54 runs (measurements.md). llama.cpp's graphs live in its compute buffer.
    pub fn cuda_graph_bytes(self) -> (Bytes, u64) {
        match self {
            Engine::Vllm | Engine::TensorRtLlm => (Bytes(GIB * 104 / 100), 500),
            _ => (Bytes(0), 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_with_aliases() {
        for engine in Engine::ALL {
            assert_eq!(Engine::from_name(engine.name()), Ok(engine));
        }
        assert_eq!(Engine::from_name("LLAMACPP"), Ok(Engine::LlamaCpp));
        assert_eq!(Engine::from_name("hf"), Ok(Engine::Transformers));
        assert!(Engine::from_name("sglang2").is_err());
    }
}
