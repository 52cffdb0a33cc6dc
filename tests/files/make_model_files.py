"""Writes small model files with the formats' own reference writers, plus the figures they imply.

Its output is checked in under tests/files/made/ (regenerate with `./dev.sh files`, which runs
`python make_model_files.py tests/files/made` with the writers of tests/files/requirements.txt),
so the tests need no Python. It writes
- tiny.safetensors (safetensors.numpy.save_file) and a two-shard checkpoint with its index.json,
- tiny-*.gguf (gguf.GGUFWriter, llama.cpp's Python package) with llama-style metadata and
  tensors of several ggml types,
- the headers of 100 GB .safetensors and .gguf files: the tests extend each to its manifest
  `file_bytes` as a sparse file (the data is holes),
- manifest.json: what each file holds, computed by numpy and gguf-py, not by vramfit, and the
  writers' versions.
"""

import importlib.metadata
import json
import os
import struct
import sys

import numpy as np
from safetensors.numpy import save_file
import gguf
from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
manifest = {}


def tensor_summary(tensors):
    by_dtype = {}
    for array in tensors.values():
        name = {"float16": "F16", "float32": "F32", "int8": "I8", "int64": "I64"}[str(array.dtype)]
        by_dtype[name] = by_dtype.get(name, 0) + array.nbytes
    return {
        "tensors": len(tensors),
        "elements": int(sum(a.size for a in tensors.values())),
        "bytes": int(sum(a.nbytes for a in tensors.values())),
        "bytes_by_dtype": by_dtype,
    }


rng = np.random.default_rng(7)
tiny = {
    "model.embed_tokens.weight": rng.standard_normal((320, 64)).astype(np.float16),
    "model.layers.0.self_attn.q_proj.weight": rng.standard_normal((64, 64)).astype(np.float16),
    "model.layers.0.mlp.up_proj.weight": rng.standard_normal((172, 64)).astype(np.float32),
    "model.norm.weight": np.ones(64, dtype=np.float32),
    "quant.scales": rng.integers(-128, 127, size=(33,), dtype=np.int8),
    "position_ids": np.arange(17, dtype=np.int64),
}
save_file(tiny, os.path.join(out, "tiny.safetensors"), metadata={"format": "pt"})
manifest["tiny.safetensors"] = tensor_summary(tiny)

shards = [
    {"a.weight": rng.standard_normal((128, 96)).astype(np.float16)},
    {"b.weight": rng.standard_normal((96, 128)).astype(np.float16), "c.bias": np.zeros(96, dtype=np.float32)},
]
names = []
for i, shard in enumerate(shards, start=1):
    name = f"model-{i:05d}-of-{len(shards):05d}.safetensors"
    save_file(shard, os.path.join(out, name))
    names.append(name)
all_tensors = {k: v for shard in shards for k, v in shard.items()}
index = {
    "metadata": {"total_size": int(sum(a.nbytes for a in all_tensors.values()))},
    "weight_map": {k: names[i] for i, shard in enumerate(shards) for k in shard},
}
with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
    json.dump(index, f)
manifest["sharded"] = {"files": names, **tensor_summary(all_tensors)}


def write_gguf(path, tensors, file_type):
    """tensors: name -> (shape as numpy order, ggml type). Raw bytes of the exact block size."""
    writer = gguf.GGUFWriter(path, "llama")
    writer.add_name("vramfit tiny llama")
    writer.add_block_count(2)
    writer.add_context_length(2048)
    writer.add_embedding_length(256)
    writer.add_feed_forward_length(512)
    writer.add_head_count(4)
    writer.add_head_count_kv(2)
    writer.add_file_type(file_type)
    writer.add_token_list([f"t{i}" for i in range(512)])
    summary = {"tensors": 0, "elements": 0, "bytes": 0, "bytes_by_type": {}}
    for name, (shape, qtype) in tensors.items():
        block, block_bytes = GGML_QUANT_SIZES[qtype]
        elements = int(np.prod(shape))
        nbytes = elements // block * block_bytes
        # raw_shape is in numpy order with the last dimension in bytes for quantized types.
        byte_shape = (*shape[:-1], shape[-1] // block * block_bytes)
        writer.add_tensor(name, np.zeros(byte_shape, dtype=np.uint8), raw_shape=byte_shape, raw_dtype=qtype)
        summary["tensors"] += 1
        summary["elements"] += elements
        summary["bytes"] += nbytes
        summary["bytes_by_type"][qtype.name] = summary["bytes_by_type"].get(qtype.name, 0) + nbytes
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return summary


T = GGMLQuantizationType
layer = lambda i, q, v: {
    f"blk.{i}.attn_q.weight": ((256, 256), q),
    f"blk.{i}.attn_k.weight": ((128, 256), q),
    f"blk.{i}.attn_v.weight": ((128, 256), v),
    f"blk.{i}.attn_output.weight": ((256, 256), q),
    f"blk.{i}.ffn_up.weight": ((512, 256), q),
    f"blk.{i}.ffn_gate.weight": ((512, 256), q),
    f"blk.{i}.ffn_down.weight": ((256, 512), v),
    f"blk.{i}.attn_norm.weight": ((256,), T.F32),
    f"blk.{i}.ffn_norm.weight": ((256,), T.F32),
}
for label, (q, v, file_type) in {"q4_k_m": (T.Q4_K, T.Q6_K, 15), "q8_0": (T.Q8_0, T.Q8_0, 7), "mixed": (T.Q4_0, T.IQ4_XS, 2)}.items():
    tensors = {"token_embd.weight": ((512, 256), q), "output_norm.weight": ((256,), T.F32), "output.weight": ((512, 256), T.Q6_K)}
    for i in range(2):
        tensors.update(layer(i, q, v))
    manifest[f"tiny-{label}.gguf"] = write_gguf(os.path.join(out, f"tiny-{label}.gguf"), tensors, file_type)


# A multimodal projector as llama.cpp's convert_hf_to_gguf.py --mmproj writes it: architecture
# "clip", the vision encoder's blocks (v.blk.N.*) and the projector (mm.N.*).
mmproj = gguf.GGUFWriter(os.path.join(out, "mmproj-tiny.gguf"), "clip")
mmproj.add_bool("clip.has_vision_encoder", True)
mmproj.add_uint32("clip.vision.embedding_length", 64)
mmproj.add_uint32("clip.vision.block_count", 1)
projector = {
    "v.patch_embd.weight": np.zeros((64, 3, 14, 14), dtype=np.float16),
    "v.blk.0.attn_q.weight": np.zeros((64, 64), dtype=np.float16),
    "v.blk.0.attn_k.weight": np.zeros((64, 64), dtype=np.float16),
    "v.blk.0.ffn_up.weight": np.zeros((128, 64), dtype=np.float16),
    "mm.0.weight": np.zeros((256, 64), dtype=np.float16),
}
for name, array in projector.items():
    mmproj.add_tensor(name, array)
mmproj.write_header_to_file()
mmproj.write_kv_data_to_file()
mmproj.write_tensors_to_file()
mmproj.close()
manifest["mmproj-tiny.gguf"] = {"elements": int(sum(a.size for a in projector.values()))}


# Hybrid GGUF headers with llama.cpp's own metadata keys (gguf-py constants), and the cache each
# implies by llama.cpp's formulas (src/llama-hparams.cpp n_embd_r / n_embd_s, f32 state;
# KV = attention layers × 2 × head_count_kv × head dim × 2 B in f16).
def write_hybrid(path, arch, hidden, layers, write_keys):
    writer = gguf.GGUFWriter(path, arch)
    writer.add_block_count(layers)
    writer.add_context_length(4096)
    writer.add_embedding_length(hidden)
    writer.add_head_count(4)
    writer.add_token_list([f"t{i}" for i in range(512)])
    write_keys(writer)
    writer.add_tensor("token_embd.weight", np.zeros((512, hidden), dtype=np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def qwen3next_keys(w):
    w.add_head_count_kv(2)
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_feed_forward_length(512)
    w.add_ssm_conv_kernel(4)
    w.add_ssm_state_size(32)      # key head dim
    w.add_ssm_group_count(2)      # key heads
    w.add_ssm_time_step_rank(4)   # value heads
    w.add_ssm_inner_size(4 * 48)  # value heads × value head dim
    w.add_full_attention_interval(4)


write_hybrid(os.path.join(out, "tiny-qwen3next.gguf"), "qwen3next", 256, 8, qwen3next_keys)
k_heads, v_heads, d_k, d_v, kernel, gdn_layers = 2, 4, 32, 48, 4, 6
manifest["tiny-qwen3next.gguf"] = {
    "layers_by_mixer": {"attention": 2, "gated_deltanet": gdn_layers},
    "kv_bytes_per_token_f16": 2 * 2 * 2 * 64 * 2,
    "state_bytes_per_sequence_f32": gdn_layers * 4 * ((kernel - 1) * (2 * k_heads * d_k + v_heads * d_v) + v_heads * d_k * d_v),
}


def nemotron_h_keys(w):
    kv = [0, 0, 2, 0, 0, 0]          # attention where head_count_kv > 0
    ffn = [0, 512, 0, 0, 512, 0]     # MLP blocks where feed_forward_length > 0
    w.add_head_count_kv(kv)
    w.add_feed_forward_length(ffn)
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_ssm_conv_kernel(4)
    w.add_ssm_state_size(16)
    w.add_ssm_group_count(2)
    w.add_ssm_time_step_rank(8)      # Mamba-2 heads
    w.add_ssm_inner_size(8 * 32)     # heads × head dim


write_hybrid(os.path.join(out, "tiny-nemotronh.gguf"), "nemotron_h", 256, 6, nemotron_h_keys)
inner, groups, state, heads, head_dim, mamba_layers = 256, 2, 16, 8, 32, 3
manifest["tiny-nemotronh.gguf"] = {
    "layers_by_mixer": {"attention": 1, "mamba": mamba_layers, "none": 2},
    "kv_bytes_per_token_f16": 1 * 2 * 2 * 64 * 2,
    "state_bytes_per_sequence_f32": mamba_layers * 4 * ((4 - 1) * (inner + 2 * groups * state) + heads * head_dim * state),
}


def granite_keys(w):
    w.add_head_count_kv([0, 0, 0, 2, 0, 0])   # one attention layer among Mamba-2 layers
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_feed_forward_length(512)
    w.add_ssm_conv_kernel(4)
    w.add_ssm_state_size(16)
    w.add_ssm_group_count(1)
    w.add_ssm_time_step_rank(8)
    w.add_ssm_inner_size(8 * 64)


write_hybrid(os.path.join(out, "tiny-granitehybrid.gguf"), "granitehybrid", 256, 6, granite_keys)
inner, groups, state, heads, head_dim, mamba_layers = 512, 1, 16, 8, 64, 5
manifest["tiny-granitehybrid.gguf"] = {
    "layers_by_mixer": {"attention": 1, "mamba": mamba_layers},
    "kv_bytes_per_token_f16": 1 * 2 * 2 * 64 * 2,
    "state_bytes_per_sequence_f32": mamba_layers * 4 * ((4 - 1) * (inner + 2 * groups * state) + heads * head_dim * state),
}


def mamba2_keys(w):
    w.add_ssm_conv_kernel(4)
    w.add_ssm_state_size(32)
    w.add_ssm_group_count(2)
    w.add_ssm_time_step_rank(16)
    w.add_ssm_inner_size(2 * 256)  # expand 2


write_hybrid(os.path.join(out, "tiny-mamba2.gguf"), "mamba2", 256, 4, mamba2_keys)
inner, groups, state, heads, head_dim, mamba_layers = 512, 2, 32, 16, 32, 4
manifest["tiny-mamba2.gguf"] = {
    "layers_by_mixer": {"mamba": mamba_layers},
    "kv_bytes_per_token_f16": 0,
    "state_bytes_per_sequence_f32": mamba_layers * 4 * ((4 - 1) * (inner + 2 * groups * state) + heads * head_dim * state),
}


def falcon_h1_keys(w):
    w.add_head_count_kv(2)
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_feed_forward_length(512)
    w.add_ssm_conv_kernel(4)
    w.add_ssm_state_size(32)
    w.add_ssm_group_count(1)
    w.add_ssm_time_step_rank(8)
    w.add_ssm_inner_size(8 * 32)


# Falcon-H1: every layer attends and runs Mamba-2 (src/models/falcon-h1.cpp marks all recurrent).
write_hybrid(os.path.join(out, "tiny-falconh1.gguf"), "falcon-h1", 256, 4, falcon_h1_keys)
inner, groups, state, heads, head_dim, layers = 256, 1, 32, 8, 32, 4
manifest["tiny-falconh1.gguf"] = {
    "layers_by_mixer": {"attention": layers},
    "kv_bytes_per_token_f16": layers * 2 * 2 * 64 * 2,
    "state_bytes_per_sequence_f32": layers * 4 * ((4 - 1) * (inner + 2 * groups * state) + heads * head_dim * state),
}


def gqa_keys(w, feed_forward=512):
    """2 KV heads of 64 and an MLP, the keys every plain attention architecture writes."""
    w.add_head_count_kv(2)
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_feed_forward_length(feed_forward)


def expert_keys(w, count, used, width, shared=0, leading_dense=0):
    w.add_expert_count(count)
    w.add_expert_used_count(used)
    w.add_expert_feed_forward_length(width)
    if shared:
        w.add_expert_shared_count(shared)
    if leading_dense:
        w.add_leading_dense_block_count(leading_dense)


def attention_only(layers, **mixers):
    """The manifest entry of a header whose layers all cache 2 KV heads of 64 (f16)."""
    return {"layers_by_mixer": mixers or {"attention": layers}, "kv_bytes_per_token_f16": layers * 2 * 2 * 64 * 2, "state_bytes_per_sequence_f32": 0}


def hunyuan_moe_keys(w):
    gqa_keys(w, 128)
    expert_keys(w, 8, 2, 128, shared=1)


# Hunyuan-A13B's llama.cpp architecture (LLM_ARCH_HUNYUAN_MOE): plain GQA in every layer.
write_hybrid(os.path.join(out, "tiny-hunyuanmoe.gguf"), "hunyuan-moe", 256, 3, hunyuan_moe_keys)
manifest["tiny-hunyuanmoe.gguf"] = attention_only(3)


def deepseek2_keys(w):
    w.add_head_count_kv(1)            # MLA: one cached latent
    w.add_key_length(96)              # kv_lora_rank 64 + rope 32: the latent as cached
    w.add_value_length(64)
    w.add_key_length_mla(48)          # nope 16 + rope 32 per head
    w.add_value_length_mla(32)
    w.add_kv_lora_rank(64)
    w.add_q_lora_rank(96)
    w.add_rope_dimension_count(32)
    w.add_feed_forward_length(512)
    expert_keys(w, 8, 2, 128, shared=1, leading_dense=1)


# DeepSeek V2/V3 and Kimi K2 (LLM_ARCH_DEEPSEEK2): llama.cpp caches kv_lora_rank + rope per layer
# (the MLA latent, src/llama-model.cpp), here 4 layers × (64 + 32) × 2 B in f16.
write_hybrid(os.path.join(out, "tiny-deepseek2.gguf"), "deepseek2", 256, 4, deepseek2_keys)
manifest["tiny-deepseek2.gguf"] = {
    "layers_by_mixer": {"mla": 4},
    "kv_bytes_per_token_f16": 4 * (64 + 32) * 2,
    "state_bytes_per_sequence_f32": 0,
}


def glm4moe_keys(w):
    gqa_keys(w)
    expert_keys(w, 8, 2, 128, shared=1, leading_dense=1)


# GLM-4.5 / 4.6 / 4.7 (LLM_ARCH_GLM4_MOE): GQA attention in every layer, the first dense.
write_hybrid(os.path.join(out, "tiny-glm4moe.gguf"), "glm4moe", 256, 4, glm4moe_keys)
manifest["tiny-glm4moe.gguf"] = attention_only(4)


def llama4_keys(w):
    gqa_keys(w)
    expert_keys(w, 4, 1, 256)
    w.add_uint32("llama4.interleave_moe_layer_step", 2)


# Llama 4 (LLM_ARCH_LLAMA4): 8192-token chunks in three layers of four (set_swa_pattern(4)),
# experts in every second layer (Maverick's interleave_moe_layer_step 2).
write_hybrid(os.path.join(out, "tiny-llama4.gguf"), "llama4", 256, 8, llama4_keys)
manifest["tiny-llama4.gguf"] = {**attention_only(8, chunked_attention=6, attention=2), "moe_layers": 4}


def gemma3_keys(w):
    gqa_keys(w)
    w.add_sliding_window(128)


# Gemma 3 (LLM_ARCH_GEMMA3): five sliding-window layers, then one global (llama.cpp's
# hparams.set_swa_pattern(6)); llama.cpp caps the sliding layers at the window.
write_hybrid(os.path.join(out, "tiny-gemma3.gguf"), "gemma3", 256, 6, gemma3_keys)
manifest["tiny-gemma3.gguf"] = attention_only(6, sliding_attention=5, attention=1)


def jamba_keys(w):
    w.add_head_count_kv([2 if i % 4 == 2 else 0 for i in range(8)])  # attention in layers 2 and 6
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_feed_forward_length(512)
    w.add_ssm_conv_kernel(4)
    w.add_ssm_inner_size(2 * 256)  # expand 2
    w.add_ssm_state_size(16)
    w.add_ssm_time_step_rank(16)   # dt_rank
    w.add_expert_count(4)
    w.add_expert_used_count(2)
    for layer in (1, 3, 5, 7):     # experts every second layer: the router tensor marks them
        w.add_tensor(f"blk.{layer}.ffn_gate_inp.weight", np.zeros((4, 256), dtype=np.float16))


# Jamba (LLM_ARCH_JAMBA): Mamba-1 layers keep (d_conv − 1) × d_inner conv values and
# d_state × d_inner SSM values per sequence in f32 (llama.cpp's n_embd_r / n_embd_s).
write_hybrid(os.path.join(out, "tiny-jamba.gguf"), "jamba", 256, 8, jamba_keys)
inner, state, mamba_layers = 512, 16, 6
manifest["tiny-jamba.gguf"] = {
    "layers_by_mixer": {"attention": 2, "mamba": mamba_layers},
    "kv_bytes_per_token_f16": 2 * 2 * 2 * 64 * 2,
    "state_bytes_per_sequence_f32": mamba_layers * 4 * ((4 - 1) * inner + state * inner),
    "moe_layers": 4,
}


def gemma3n_keys(w):
    w.add_head_count_kv(2)
    w.add_key_length(64)
    w.add_value_length(64)
    w.add_feed_forward_length([512, 512, 256, 256, 512, 512])
    w.add_sliding_window(128)
    w.add_sliding_window_pattern([True, True, False, True, True, False])
    w.add_shared_kv_layers(2)
    w.add_altup_num_inputs(4)
    w.add_embedding_length_per_layer_input(64)
    w.add_tensor("per_layer_token_embd.weight", np.zeros((512, 6 * 64), dtype=np.float16))


# Gemma 3n (LLM_ARCH_GEMMA3N): the last shared_kv_layers layers read earlier layers' cache and
# keep none of their own (llama.cpp's n_layer_kv_from_start), so 4 of 6 layers cache.
write_hybrid(os.path.join(out, "tiny-gemma3n.gguf"), "gemma3n", 256, 6, gemma3n_keys)
manifest["tiny-gemma3n.gguf"] = attention_only(4, sliding_attention=4, attention=2)


# Dense architectures whose llama.cpp names are their model_type (LLM_ARCH_OLMO2, EXAONE4,
# SEED_OSS, SMOLLM3, GLM4, ERNIE4_5): plain GQA caches in every layer.
for arch in ["olmo2", "exaone4", "seed_oss", "smollm3", "glm4", "ernie4_5"]:
    write_hybrid(os.path.join(out, f"tiny-{arch}.gguf"), arch, 256, 3, gqa_keys)
    manifest[f"tiny-{arch}.gguf"] = attention_only(3)


# 100 GB files: valid headers only; the tests add the 100 GB of data as holes.
HUNDRED_GB = 100 * 10**9
header = json.dumps({"huge.weight": {"dtype": "F16", "shape": [HUNDRED_GB // 2], "data_offsets": [0, HUNDRED_GB]}}).encode()
path = os.path.join(out, "huge.safetensors")
with open(path, "wb") as f:
    f.write(struct.pack("<Q", len(header)) + header)
manifest["huge.safetensors"] = {"tensors": 1, "elements": HUNDRED_GB // 2, "bytes": HUNDRED_GB, "file_bytes": 8 + len(header) + HUNDRED_GB}

path = os.path.join(out, "huge.gguf")
writer = gguf.GGUFWriter(path, "llama")
writer.add_block_count(1)
shape = (HUNDRED_GB // 34, 32)  # Q8_0: 32 values in 34 bytes per block row
writer.add_tensor_info("huge.weight", (shape[0], 34), np.dtype(np.uint8), HUNDRED_GB // 34 * 34, raw_dtype=T.Q8_0)
writer.write_header_to_file()
writer.write_kv_data_to_file()
writer.write_ti_data_to_file()
writer.close()
manifest["huge.gguf"] = {"tensors": 1, "elements": HUNDRED_GB // 34 * 32, "bytes": HUNDRED_GB // 34 * 34, "file_bytes": os.path.getsize(path) + HUNDRED_GB}
manifest["writers"] = {package: importlib.metadata.version(package) for package in ["gguf", "safetensors", "numpy"]}

with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1)
print(f"wrote {len(manifest)} model files to {out}")
