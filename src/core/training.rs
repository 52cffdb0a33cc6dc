//! Training memory: weights, gradients and optimizer states, LoRA adapters and ZeRO sharding.
//!
//! Mixed-precision Adam keeps, per trainable parameter, 16-bit weights (2 B) and gradients (2 B),
//! plus an fp32 master copy (4 B) and the two fp32 moments (8 B): the ZeRO paper's
//! `(2 + 2 + K)Ψ` with `K = 12` (Rajbhandari et al. 2020, arXiv 1910.02054, §3.1). Those 16 bytes
//! are not a constant here: they are the sum of the components below.

use std::fmt;

use crate::core::architecture::{Architecture, Ffn, Mixer};

/// How weights are kept while training.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainPrecision {
    /// Everything in fp32.
    Fp32,
    /// bf16/fp16 weights and gradients for compute, fp32 master weights in the optimizer.
    Mixed,
    /// bf16 weights, gradients and optimizer states, no master copy.
    PureBf16,
}

impl TrainPrecision {
    /// Reads `mixed`, `fp32` or `bf16` (with common aliases).
    pub fn from_name(name: &str) -> Option<TrainPrecision> {
        match name.trim().to_ascii_lowercase().as_str() {
            "fp32" | "f32" => Some(TrainPrecision::Fp32),
            "mixed" | "amp" | "bf16-mixed" | "fp16-mixed" => Some(TrainPrecision::Mixed),
            "bf16" | "pure-bf16" | "pure_bf16" => Some(TrainPrecision::PureBf16),
            _ => None,
        }
    }

    /// The name the CLI and JSON use.
    pub fn name(self) -> &'static str {
        match self {
            TrainPrecision::Fp32 => "fp32",
            TrainPrecision::Mixed => "mixed",
            TrainPrecision::PureBf16 => "bf16",
        }
    }

    /// Bytes per trainable parameter of the working weights and of their gradients.
    pub fn weight_and_grad_bytes(self) -> (u64, u64) {
        match self {
            TrainPrecision::Fp32 => (4, 4),
            TrainPrecision::Mixed | TrainPrecision::PureBf16 => (2, 2),
        }
    }

    /// Bytes per trainable parameter of the fp32 master copy (mixed precision only).
    pub fn master_bytes(self) -> u64 {
        match self {
            TrainPrecision::Mixed => 4,
            TrainPrecision::Fp32 | TrainPrecision::PureBf16 => 0,
        }
    }
}

/// An optimizer, by the state it keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Optimizer {
    /// Two moments per parameter (Loshchilov & Hutter).
    AdamW,
    /// bitsandbytes 8-bit AdamW: two 1-byte moments (+ block statistics, ~0.03 B).
    AdamW8bit,
    /// Factored second moment (Shazeer & Stern 2018): one row and one column vector per matrix,
    /// no first moment (transformers' default `beta1=None`).
    Adafactor,
    /// Plain SGD: no state.
    Sgd,
    /// SGD with momentum: one buffer.
    SgdMomentum,
    /// Lion (Chen et al. 2023): one momentum buffer.
    Lion,
}

/// An optimizer name that is not known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOptimizer(pub String);

impl fmt::Display for UnknownOptimizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unknown optimizer “{}”. Use adamw, adamw8bit, adafactor, sgd, sgd-momentum or lion.", self.0)
    }
}

impl std::error::Error for UnknownOptimizer {}

impl Optimizer {
    /// Every optimizer, in the order the CLI lists them.
    pub const ALL: [Optimizer; 6] =
        [Optimizer::AdamW, Optimizer::AdamW8bit, Optimizer::Adafactor, Optimizer::Sgd, Optimizer::SgdMomentum, Optimizer::Lion];

    /// The name the CLI and JSON use.
    pub fn name(self) -> &'static str {
        match self {
            Optimizer::AdamW => "adamw",
            Optimizer::AdamW8bit => "adamw8bit",
            Optimizer::Adafactor => "adafactor",
            Optimizer::Sgd => "sgd",
            Optimizer::SgdMomentum => "sgd-momentum",
            Optimizer::Lion => "lion",
        }
    }

    /// Reads an optimizer name (case-insensitive).
    pub fn from_name(name: &str) -> Result<Optimizer, UnknownOptimizer> {
        let lower = name.trim().to_ascii_lowercase().replace('_', "-");
        let canonical = match lower.as_str() {
            "adam" => "adamw",
            "adamw-8bit" | "adam8bit" | "paged-adamw-8bit" => "adamw8bit",
            "momentum" | "sgdm" => "sgd-momentum",
            other => other,
        };
        Optimizer::ALL.into_iter().find(|o| o.name() == canonical).ok_or_else(|| UnknownOptimizer(name.trim().into()))
    }

    /// Optimizer-state bytes (moments only; the master copy is counted by [`TrainPrecision`])
    /// for `trainable` parameters whose matrices have `matrix_inputs` summed input widths.
    /// States are fp32, or bf16 under pure-bf16 training.
    pub fn state_bytes(self, trainable: u64, matrix_inputs: u64, precision: TrainPrecision) -> u128 {
        let width: u128 = if precision == TrainPrecision::PureBf16 { 2 } else { 4 };
        let n = u128::from(trainable);
        match self {
            Optimizer::AdamW => 2 * width * n,
            // Two 1-byte moments plus an fp32 absmax per 2048-value block each.
            Optimizer::AdamW8bit => 2 * n + (2 * 4 * n).div_ceil(2048),
            // A row and a column statistic per matrix: about 2 × inputs values (square-ish).
            Optimizer::Adafactor => width * 2 * u128::from(matrix_inputs).min(n),
            Optimizer::Sgd => 0,
            Optimizer::SgdMomentum | Optimizer::Lion => width * n,
        }
    }
}

/// A LoRA target module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LoraTarget {
    /// The attention query projection (`q_proj`).
    Q,
    /// The key projection (`k_proj`).
    K,
    /// The value projection (`v_proj`).
    V,
    /// The attention output projection (`o_proj`).
    O,
    /// The MLP gate projection (`gate_proj`).
    Gate,
    /// The MLP up projection (`up_proj`).
    Up,
    /// The MLP down projection (`down_proj`).
    Down,
}

impl LoraTarget {
    /// Every target, attention first.
    pub const ALL: [LoraTarget; 7] =
        [LoraTarget::Q, LoraTarget::K, LoraTarget::V, LoraTarget::O, LoraTarget::Gate, LoraTarget::Up, LoraTarget::Down];

    /// The name `--lora-targets` takes (`q`, `gate`).
    pub fn name(self) -> &'static str {
        match self {
            LoraTarget::Q => "q",
            LoraTarget::K => "k",
            LoraTarget::V => "v",
            LoraTarget::O => "o",
            LoraTarget::Gate => "gate",
            LoraTarget::Up => "up",
            LoraTarget::Down => "down",
        }
    }

    /// Parses `q,k,v,o,gate,up,down` (also `q_proj`…, and `all` for every one).
    pub fn parse_list(text: &str) -> Result<Vec<LoraTarget>, String> {
        let mut targets = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let part = part.to_ascii_lowercase();
            if part == "all" || part == "all-linear" {
                return Ok(LoraTarget::ALL.to_vec());
            }
            let name = part.strip_suffix("_proj").unwrap_or(&part);
            let target = LoraTarget::ALL
                .into_iter()
                .find(|t| t.name() == name)
                .ok_or_else(|| format!("Unknown LoRA target “{part}”. Use q, k, v, o, gate, up, down or all."))?;
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        if targets.is_empty() {
            return Err("Give at least one LoRA target, e.g. q,v".into());
        }
        Ok(targets)
    }

    /// (input, output) widths of this module in one layer; `None` where the layer has no such
    /// matrix (no gate in a plain MLP). MoE layers adapt every routed and shared expert.
    fn shapes(self, arch: &Architecture, layer: u64) -> Vec<(u64, u64)> {
        let h = arch.hidden;
        let q_out = arch.heads * arch.head_dim;
        let kv_out = arch.kv_heads * arch.head_dim;
        // T5's encoder and decoder layers share one uniform plan.
        let planned = arch.plan.get(layer as usize % arch.plan.len().max(1));
        let mlp: Vec<u64> = match (arch.moe, planned.map(|l| l.ffn)) {
            (Some(moe), Some(ffn @ (Ffn::Moe | Ffn::DenseAndMoe { .. }))) => {
                let mut widths = vec![moe.expert_intermediate; moe.experts as usize];
                if moe.shared_intermediate > 0 {
                    widths.push(moe.shared_intermediate);
                }
                if let Ffn::DenseAndMoe { width } = ffn {
                    widths.push(width);
                }
                widths
            }
            (_, Some(Ffn::Dense { width })) => vec![width],
            _ => vec![],
        };
        let attention = planned.is_some_and(|l| matches!(l.mixer, Mixer::Attention { .. } | Mixer::SharedKv { .. } | Mixer::Mla));
        let projection = matches!(self, LoraTarget::Q | LoraTarget::K | LoraTarget::V | LoraTarget::O);
        if projection && !attention {
            return vec![];
        }
        match (self, arch.mla) {
            (LoraTarget::Q, Some(mla)) => vec![(mla.q_lora_rank.unwrap_or(h), q_out)],
            (LoraTarget::K, Some(mla)) => vec![(h, mla.kv_lora_rank + mla.qk_rope_head_dim)],
            (LoraTarget::V, Some(mla)) => vec![(mla.kv_lora_rank, arch.heads * (mla.qk_nope_head_dim + mla.v_head_dim))],
            (LoraTarget::O, _) => vec![(arch.heads * arch.v_head_dim, h)],
            (LoraTarget::Q, None) => vec![(h, q_out)],
            (LoraTarget::K | LoraTarget::V, None) => vec![(h, kv_out)],
            (LoraTarget::Gate, _) if !arch.gated_mlp => vec![],
            (LoraTarget::Gate | LoraTarget::Up, _) => mlp.iter().map(|&i| (h, i)).collect(),
            (LoraTarget::Down, _) => mlp.iter().map(|&i| (i, h)).collect(),
        }
    }
}

/// Trainable LoRA parameters: `Σ layers Σ targets r × (in + out)` (A is r × in, B is out × r;
/// Hu et al. 2021, arXiv 2106.09685). Llama-2-7B, r = 8 on q and v: 32 × 2 × 8 × 8192 = 4,194,304.
pub fn lora_trainable_params(arch: &Architecture, rank: u64, targets: &[LoraTarget]) -> u64 {
    let mut trainable = 0;
    // Plain loops: nested flat_maps are an adapter type each in the page.
    for layer in 0..arch.layers + arch.encoder_layers {
        for target in targets {
            for (input, output) in target.shapes(arch, layer) {
                trainable += rank * (input + output);
            }
        }
    }
    trainable
}

/// ZeRO stage (Rajbhandari et al. 2020): what is partitioned across data-parallel GPUs.
/// Stage 1 shards optimizer states (incl. the fp32 master), 2 adds gradients, 3 adds weights
/// (= PyTorch FSDP full sharding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ZeroStage(pub u8);

impl ZeroStage {
    /// Reads a stage from 0 to 3.
    pub fn parse(text: &str) -> Option<ZeroStage> {
        match text.trim().to_ascii_lowercase().as_str() {
            "0" | "none" | "ddp" => Some(ZeroStage(0)),
            "1" => Some(ZeroStage(1)),
            "2" => Some(ZeroStage(2)),
            "3" | "fsdp" => Some(ZeroStage(3)),
            _ => None,
        }
    }

    /// Divides `bytes` by `gpus` if this stage shards a component of the given `level`
    /// (1 optimizer, 2 gradients, 3 weights), rounding up.
    pub fn shard(self, bytes: u128, level: u8, gpus: u64) -> u128 {
        if self.0 >= level && gpus > 1 {
            bytes.div_ceil(u128::from(gpus))
        } else {
            bytes
        }
    }
}

/// The trainable parameters' model states for one GPU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelStates {
    /// Working copy of the trainable weights (frozen base weights are counted separately).
    pub weights: u128,
    pub gradients: u128,
    /// Optimizer moments plus the fp32 master copy.
    pub optimizer: u128,
}

/// Model states of `trainable` parameters per GPU under `zero` over `gpus` data-parallel GPUs.
pub fn model_states(
    trainable: u64,
    matrix_inputs: u64,
    precision: TrainPrecision,
    optimizer: Optimizer,
    zero: ZeroStage,
    gpus: u64,
) -> ModelStates {
    let (weight_bytes, grad_bytes) = precision.weight_and_grad_bytes();
    let n = u128::from(trainable);
    let optimizer_bytes = optimizer.state_bytes(trainable, matrix_inputs, precision) + n * u128::from(precision.master_bytes());
    ModelStates {
        weights: zero.shard(n * u128::from(weight_bytes), 3, gpus),
        gradients: zero.shard(n * u128::from(grad_bytes), 2, gpus),
        optimizer: zero.shard(optimizer_bytes, 1, gpus),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_precision_adam_is_sixteen_bytes_per_parameter() {
        let states = model_states(1_000, 0, TrainPrecision::Mixed, Optimizer::AdamW, ZeroStage(0), 1);
        assert_eq!(states.weights + states.gradients + states.optimizer, 16_000);
        let fp32 = model_states(1_000, 0, TrainPrecision::Fp32, Optimizer::AdamW, ZeroStage(0), 1);
        assert_eq!(fp32.weights + fp32.gradients + fp32.optimizer, 16_000);
        let pure = model_states(1_000, 0, TrainPrecision::PureBf16, Optimizer::AdamW, ZeroStage(0), 1);
        assert_eq!(pure.weights + pure.gradients + pure.optimizer, 8_000);
    }

    #[test]
    fn optimizers_keep_the_state_they_should() {
        let bytes = |o: Optimizer| o.state_bytes(1_000_000, 1_000, TrainPrecision::Fp32);
        assert_eq!(bytes(Optimizer::AdamW), 8_000_000);
        assert_eq!(bytes(Optimizer::Sgd), 0);
        assert_eq!(bytes(Optimizer::SgdMomentum), 4_000_000);
        assert_eq!(bytes(Optimizer::Lion), 4_000_000);
        assert!(bytes(Optimizer::AdamW8bit) > 2_000_000 && bytes(Optimizer::AdamW8bit) < 2_100_000);
        assert_eq!(bytes(Optimizer::Adafactor), 8_000);
    }

    #[test]
    fn lora_targets_parse() {
        assert_eq!(LoraTarget::parse_list("q,v"), Ok(vec![LoraTarget::Q, LoraTarget::V]));
        assert_eq!(LoraTarget::parse_list("q_proj, V_PROJ,q"), Ok(vec![LoraTarget::Q, LoraTarget::V]));
        assert_eq!(LoraTarget::parse_list("all").map(|t| t.len()), Ok(7));
        assert!(LoraTarget::parse_list("qq").is_err());
        assert!(LoraTarget::parse_list(" , ").is_err());
    }
}
