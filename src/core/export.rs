//! The report passed on: a Markdown table for docs and chats, and the runtime flags that run the
//! same setup in llama.cpp and vLLM. JSON export is the report itself (`vramfit --json`).

use crate::core::catalogue::gpus::gpus;
use crate::core::i18n::{Key, Lang};
use crate::core::kv_cache::KvDtype;
use crate::core::machine::MACHINE;
use crate::core::quant::WeightFormat;
use crate::core::report::EstimateReport;
use crate::core::units::{group_thousands, Bytes, Unit};

/// The settings in one line: `8,192 tokens · batch 1 · q4_k_m weights · f16 KV cache · vllm`.
pub fn settings_line(report: &EstimateReport, lang: Lang) -> String {
    let context = group_thousands(report.context.into(), lang.style());
    lang.fill(Key::SettingsLine, &[&context, &report.batch.to_string(), &report.quant, report.kv_quant.name(), report.engine.name()])
}

/// The estimate as a Markdown table: every component, the total and its band, the rule of
/// thumb, and the fit when a GPU is chosen.
pub fn markdown(report: &EstimateReport, unit: Unit, lang: Lang) -> String {
    let style = lang.style();
    let size = |b: Bytes| b.to_unit_string(unit, style);
    let mut out = format!(
        "**vramfit** · {} · {} {} · {}\n\n| {} | {} |\n|---|---:|\n",
        report.mode.short_label(lang),
        group_thousands(report.params.0.into(), style),
        lang.text(Key::Parameters).to_ascii_lowercase(),
        settings_line(report, lang),
        lang.text(Key::MdPart),
        lang.text(Key::MdSize),
    );
    for c in &report.components {
        out.push_str(&format!("| {} | {} |\n", c.name.label(lang), size(c.bytes)));
    }
    out.push_str(&format!("| **{}** | **{}** |\n", lang.text(Key::MdTotal), size(report.total_bytes)));
    out.push_str(&format!("| {} | {} – {} |\n", lang.text(Key::MdRange), size(report.total_low_bytes), size(report.total_high_bytes)));
    out.push_str(&format!("| {} | {} ({}) |\n", lang.text(Key::MdRule), size(report.rule_of_thumb_bytes), report.arithmetic));
    if let Some(fit) = &report.fit {
        let headroom = Bytes::signed_unit_string(fit.headroom_bytes, unit, style);
        let line = lang.fill(Key::FitLine, &[&fit.gpus.to_string(), &fit.name, &headroom]);
        out.push_str(&format!("| {} | {}{} |\n", lang.text(Key::MdFit), fit.verdict.label(lang), line));
    }
    out
}

/// The placement's llama.cpp settings: `-ngl`, `--n-cpu-moe`, layers per GPU and whether the
/// projector stays on the CPU. Without a placement (a build without machine placement, see
/// `core::machine::MACHINE`): as many whole layers as fit the fit's GPUs, split evenly.
fn offload(report: &EstimateReport) -> (u64, u64, Vec<u64>, bool) {
    match (report.placement.as_ref().filter(|_| MACHINE), &report.fit) {
        (Some(p), _) => (p.gpu_layers, p.cpu_moe_layers, p.layers_per_gpu.clone(), p.mmproj_on_cpu),
        (None, Some(f)) => {
            let ngl = gpu_layers(report, f.usable_bytes.0.saturating_mul(f.gpus));
            let split = if f.gpus > 1 { vec![1; usize::try_from(f.gpus).unwrap_or(1)] } else { Vec::new() };
            (ngl, 0, split, false)
        }
        (None, None) => (report.layers + 1, 0, Vec::new(), false),
    }
}

/// GPU layers llama.cpp can offload (`-ngl`): all of them (+1, the output layer) when the
/// estimate fits; otherwise as many as fit after the buffers that stay whatever the split,
/// layers taken as equal slices of weights + KV cache.
fn gpu_layers(report: &EstimateReport, usable_total: u64) -> u64 {
    let layered = report.weights_bytes.0 + report.kv_cache_bytes.0;
    let fixed = report.total_bytes.0.saturating_sub(layered);
    if report.total_bytes.0 <= usable_total || report.layers == 0 {
        return report.layers + 1;
    }
    let per_layer = layered.div_ceil(report.layers).max(1);
    (usable_total.saturating_sub(fixed) / per_layer).min(report.layers)
}

/// The llama.cpp server command for the same setup: context for every slot (`-c` is shared by
/// `-np` parallel sequences), the placement (`-ngl`, `--n-cpu-moe` or `--cpu-moe`,
/// `--tensor-split` as layers per GPU, the projector with `--mmproj` and
/// `--no-mmproj-offload`), KV cache types and flash attention. Flags from llama.cpp
/// tools/server/README.md; a user `-ngl` turns `--fit` off (common/fit.cpp).
pub fn llama_cpp_flags(report: &EstimateReport) -> String {
    let cache = match report.kv_quant {
        KvDtype::Q8_0 | KvDtype::Q4_0 | KvDtype::Bf16 | KvDtype::F32 => report.kv_quant.name(),
        KvDtype::F16 | KvDtype::Fp8 => "f16",
    };
    let (ngl, cpu_moe, split, mmproj_on_cpu) = offload(report);
    let mut flags = vec![format!("llama-server -m model.gguf -c {}", report.context.saturating_mul(report.batch))];
    if report.parts.vision > 0 {
        flags.push("--mmproj mmproj.gguf".into());
        if mmproj_on_cpu {
            flags.push("--no-mmproj-offload".into());
        }
    }
    if report.batch > 1 {
        flags.push(format!("-np {}", report.batch));
    }
    flags.push(format!("-ngl {ngl}"));
    match cpu_moe {
        0 => {}
        n if n >= report.layers => flags.push("--cpu-moe".into()),
        n => flags.push(format!("--n-cpu-moe {n}")),
    }
    flags.push(format!("--cache-type-k {cache} --cache-type-v {cache}"));
    if split.len() > 1 {
        flags.push(format!("-ts {}", split.iter().map(u64::to_string).collect::<Vec<_>>().join(",")));
    }
    // A quantized V cache needs flash attention; with an f16 cache it still saves memory.
    flags.push("-fa on".into());
    flags.join(" ")
}

/// An Ollama Modelfile for the same setup: `num_ctx` and `num_gpu` (layers on the GPUs, the
/// output layer counted as in llama.cpp; Ollama's llm/memory.go). Ollama has no Modelfile
/// setting for experts in RAM; its llama-server runner reads `LLAMA_ARG_N_CPU_MOE`
/// (ollama/ollama#11772).
pub fn ollama_modelfile(report: &EstimateReport) -> String {
    let (ngl, cpu_moe, _, _) = offload(report);
    let mut lines = vec!["FROM ./model.gguf".to_string(), format!("PARAMETER num_ctx {}", report.context), format!("PARAMETER num_gpu {ngl}")];
    if cpu_moe > 0 {
        lines.push(format!("# experts of the first {cpu_moe} layers in RAM: start Ollama with LLAMA_ARG_N_CPU_MOE={cpu_moe}"));
    }
    lines.join("\n")
}

/// LM Studio's model settings for the same setup, under the names its settings panel gives them
/// (in English whatever the page's language, as the app shows them): context length, GPU offload
/// (layers) and its MoE options (LM Studio 0.3.23 release notes: "Force Model Expert Weights
/// onto CPU"; 0.3.24: the number of layers whose experts go to the CPU).
pub fn lm_studio_settings(report: &EstimateReport) -> String {
    let (ngl, cpu_moe, _, _) = offload(report);
    let mut out = format!("Context Length {} · GPU Offload {} of {} layers", report.context, ngl.min(report.layers), report.layers);
    match cpu_moe {
        0 => {}
        n if n >= report.layers => out.push_str(" · Force Model Expert Weights onto CPU: on"),
        n => out.push_str(&format!(" · Number of layers for which to force MoE weights onto CPU: {n}")),
    }
    out
}

/// vLLM's `--quantization` for a weight format, when it needs one (GGUF is llama.cpp's).
fn vllm_quantization(quant: &str) -> Option<&'static str> {
    match WeightFormat::from_name(quant).ok()? {
        WeightFormat::Gptq { .. } => Some("gptq"),
        WeightFormat::Awq { .. } => Some("awq"),
        WeightFormat::Fp8 | WeightFormat::Fp8Block => Some("fp8"),
        WeightFormat::Nf4 { .. } => Some("bitsandbytes"),
        WeightFormat::Mxfp4 => Some("mxfp4"),
        WeightFormat::Nvfp4 => Some("modelopt_fp4"),
        _ => None,
    }
}

/// The vLLM command for the same setup. `--gpu-memory-utilization` is the share of each GPU
/// the estimate needs, rounded up to 0.01 (vLLM fills what it is given with KV cache, so this
/// leaves the rest free), at most 0.95. Flags from the vLLM engine-arguments docs.
pub fn vllm_flags(report: &EstimateReport) -> String {
    let mut flags = vec![format!("vllm serve MODEL --max-model-len {}", report.context)];
    if let Some(fit) = &report.fit {
        // vLLM takes its share of the memory the device reports: the catalogue's total (a custom
        // GPU's memory is all usable).
        let memory = gpus().iter().find(|g| g.id == fit.gpu).map_or(fit.usable_bytes, |g| Bytes(g.usable_bytes));
        let hundredths = (u128::from(fit.needed_bytes.0) * 100).div_ceil(u128::from(memory.0.max(1))).clamp(10, 95);
        flags.push(format!("--gpu-memory-utilization 0.{hundredths:02}"));
        if fit.gpus > 1 {
            flags.push(format!("-tp {}", fit.gpus));
        }
    }
    flags.push(format!("--max-num-seqs {}", report.batch));
    flags.push(format!("--kv-cache-dtype {}", if report.kv_quant == KvDtype::Fp8 { "fp8" } else { "auto" }));
    if let Some(method) = vllm_quantization(&report.quant) {
        flags.push(format!("--quantization {method}"));
    }
    flags.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::request::{report as page_report, FormatChoice, ModelInput, Request};
    use crate::core::units::NumberStyle;
    use crate::core::Engine;

    fn report(params: &str, quant: &str, gpu: &str, count: &str, kv: &str) -> EstimateReport {
        let engine = if quant.starts_with('q') { Engine::LlamaCpp } else { Engine::Vllm };
        // llama.cpp's on a machine with 64 GB of RAM, so its layers are placed.
        let ram = if engine == Engine::LlamaCpp { "64" } else { "" };
        let inputs = Request {
            engine,
            ram: ram.into(), model: ModelInput::Typed(params.into()), quant: FormatChoice::from_name(quant).expect("a format"), gpu: gpu.into(), gpu_count: count.into(), kv: KvDtype::from_name(kv).expect("a KV type"), context: "8k".into(), ..Request::default() };
        page_report(&inputs, NumberStyle::Point).expect("valid inputs")
    }

    #[test]
    fn markdown_lists_every_part_and_sums_to_the_total() {
        let r = report("8B", "bf16", "rtx-4090", "1", "f16");
        let table = markdown(&r, Unit::Gb, Lang::En);
        for c in &r.components {
            assert!(table.contains(&format!("| {} | {} |", c.name.label(Lang::En), c.bytes.to_gb_string(NumberStyle::Point))), "{table}");
        }
        assert!(table.contains(&format!("| **Total** | **{}** |", r.total_bytes.to_gb_string(NumberStyle::Point))));
        assert!(table.contains("| Fit | ✓ fits on 1 × "), "{table}");
        let turkish = markdown(&r, Unit::Gib, Lang::Tr);
        assert!(turkish.contains("| **Toplam** |") && turkish.contains(" GiB") && turkish.contains("8.192 token"), "{turkish}");
    }

    #[test]
    fn llama_cpp_offloads_what_fits() {
        let fits = report("8B", "q4_k_m", "rtx-4090", "1", "q8_0");
        let flags = llama_cpp_flags(&fits);
        assert!(flags.contains("-c 8192 ") && flags.contains(&format!("-ngl {} ", fits.layers + 1)) && flags.contains("--cache-type-k q8_0 --cache-type-v q8_0") && flags.contains("-fa"), "{flags}");
        // 70B at Q4_K_M (~42 GB) on one 24 GB card: part of the layers, never all or none.
        let partial = report("70B", "q4_k_m", "rtx-4090", "1", "f16");
        let ngl: u64 = llama_cpp_flags(&partial).split("-ngl ").nth(1).and_then(|s| s.split(' ').next()).and_then(|n| n.parse().ok()).expect("an -ngl value");
        assert!((20..partial.layers).contains(&ngl), "{ngl} of {}", partial.layers);
        assert!(ollama_modelfile(&partial).contains(&format!("PARAMETER num_gpu {ngl}")));
        // Two equal cards: the slots split by free memory, so in halves (llama.cpp's
        // --tensor-split default), the output layer among them.
        let two = report("70B", "q4_k_m", "rtx-4090", "2", "f16");
        let split = llama_cpp_flags(&two);
        let ts: Vec<u64> = split.split("-ts ").nth(1).and_then(|s| s.split(' ').next()).map(|s| s.split(',').filter_map(|n| n.parse().ok()).collect()).unwrap_or_default();
        assert_eq!(ts.iter().sum::<u64>(), two.placement.as_ref().map_or(0, |p| p.gpu_layers), "{split}");
        assert!(ts.len() == 2 && ts[0].abs_diff(ts[1]) <= 1, "{split}");
    }

    #[test]
    fn vllm_gets_the_memory_share_the_estimate_needs() {
        let r = report("8B", "awq_4bit_g128", "h100-sxm5-80gb", "2", "fp8");
        let memory = Bytes(85_520_809_984);
        let flags = vllm_flags(&r);
        let fit = r.fit.as_ref().expect("a GPU");
        let share: f64 = flags.split("--gpu-memory-utilization ").nth(1).and_then(|s| s.split(' ').next()).and_then(|n| n.parse().ok()).expect("a share");
        let needed = fit.needed_bytes.0 as f64 / memory.0 as f64;
        assert!(share >= needed && share < needed + 0.011, "{share} vs {needed}");
        assert!(flags.contains("--max-model-len 8192") && flags.contains("-tp 2") && flags.contains("--kv-cache-dtype fp8") && flags.contains("--quantization awq"), "{flags}");
        assert!(!vllm_flags(&report("8B", "bf16", "rtx-4090", "1", "f16")).contains("--quantization"));
    }
}
