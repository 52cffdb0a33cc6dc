#!/usr/bin/env python3
"""Independent reference parameter counts, built with Hugging Face transformers.

For every ``tests/fixtures/configs/*.json`` (a published ``config.json``) this
script builds the model with transformers on PyTorch's ``meta`` device (no
memory is allocated, no weights are downloaded), counts the exact number of
parameters (unique tensors, tied weights counted once) and splits them into
parts by parameter name.  The result is written to
``tests/fixtures/transformers_counts.json`` (sorted keys, deterministic), which
the Rust tests can compare vramfit's own counts against.

This is a developer tool, NOT run by CI (CI has no torch/transformers).  To
regenerate the fixture, from the repository root:

    python3 -m venv /tmp/refenv            # any folder outside the repo
    /tmp/refenv/bin/pip install torch==2.15.0 transformers==5.23.0
    /tmp/refenv/bin/python tests/reference/transformers_counts.py

(torch from PyPI is the large CUDA build; it is only used on the meta device,
so the CPU build works the same.)  Options:

    --config-dir DIR   configs to read (default tests/fixtures/configs)
    --out FILE         output (default tests/fixtures/transformers_counts.json)
    --shapes-out FILE  every parameter's name and shape, per model (default
                       tests/fixtures/transformers_shapes.json)
    --incremental      keep entries of FILE whose config sha256 and library
                       versions are unchanged, only build new/changed configs
    --jobs N           parallel worker processes (default 2)
    --timeout S        per-model timeout in seconds (default 300)

Each model is built in its own subprocess with a timeout, so one bad config
cannot stall the run.  What the parts mean, and the exact name patterns used,
are written into the fixture itself under "patterns" and "part_order".

Per model: "total", "parts" (embedding, per_layer_embedding, head,
text_layers, vision, audio, mtp; they sum to total), "text_parts" (attention,
linear_attention, ssm, routed_experts, shared_experts, router, dense_mlp,
norms, layer_other, text_other; they sum to parts.text_layers), the class
built, whether input/output embeddings are tied, the config's sha256, and
"config_complete" when SOURCES-*.tsv marks the config as not complete (then
transformers' defaults filled the missing fields).  Configs that cannot be
built get "status": "unsupported" or "error" with a "reason".

Known limitation, recorded per model in "note": transformers does not build
multi-token-prediction (MTP / NextN) layers for most architectures (DeepSeek
V3, GLM-4.5, Qwen3.5, ...), so "total" then excludes them while a published
safetensors total includes them.
"""

import argparse
import csv
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_CONFIG_DIR = os.path.join(REPO, "tests", "fixtures", "configs")
DEFAULT_OUT = os.path.join(REPO, "tests", "fixtures", "transformers_counts.json")
DEFAULT_SHAPES_OUT = os.path.join(REPO, "tests", "fixtures", "transformers_shapes.json")
GENERATED_BY = "tests/reference/transformers_counts.py"

# model_type values transformers does not know, mapped to the transformers
# model_type whose architecture is exactly the checkpoint's (same modules, same
# shapes).  Anything unknown and not listed here is recorded "unsupported".
MODEL_TYPE_ALIASES = {
    "kimi_k2": (
        "deepseek_v3",
        "Kimi-K2 ships its own copy of DeepseekV3ForCausalLM as remote code; "
        "the architecture is DeepSeek-V3's",
    ),
}
UNSUPPORTED_REASONS = {
    "deci": "DeciLM / Nemotron-NAS needs remote code (per-layer block_configs); "
    "transformers has no equivalent class",
    "nemotron-nas": "DeciLM / Nemotron-NAS needs remote code (per-layer "
    "block_configs); transformers has no equivalent class",
}

# ---- part classification -------------------------------------------------
# Top-level parts, tested in this order on the full parameter name.
TOP_PATTERNS = [
    ("mtp", r"(^|[._])(mtp|nextn)([._]|$)"),
    ("audio", r"(^|\.)(audio_tower|audio_model|audio_encoder|audio|embed_audio|"
              r"audio_projector|audio_projection)(\.|$)"),
    ("vision", r"(^|\.)(vision_tower|visual|vision_model|vision_encoder|vision|"
               r"multi_modal_projector|mm_projector|embed_vision|image_newline|"
               r"vision_projector|vision_proj)(\.|$)"),
    ("per_layer_embedding", r"(^|\.)embed_tokens_per_layer(\.|$)"),
    ("embedding", r"(^|\.)(embed_tokens|wte|word_embeddings|tok_embeddings|"
                  r"embeddings|embedding)(\.|$)"),
    ("head", r"(^|\.)(lm_head|embed_out)(\.|$)|^output\."),
]
# Everything not matched above is "text_layers".  Inside text_layers, a
# parameter under a decoder layer (name contains LAYER_PATTERN) is split into
# the sub-parts below; the rest (final norm, ...) is "text_other".
LAYER_PATTERN = r"(^|\.)(layers|h|blocks|layer)\.\d+\."
# Sub-parts: (name, regex on the name after "layers.N.", regex on the class
# name of any module between the layer and the parameter, or None).  First
# match wins; "layer_other" is the remainder (e.g. DeepSeek-V4 hyper-connection
# mixers attn_hc/ffn_hc, Gemma-3n altup/laurel, per-layer scalars).
SUB_PATTERNS = [
    ("routed_experts", r"(^|\.)experts\.", r"^(?!.*Shared).*Experts$"),
    ("shared_experts", r"(^|\.)(shared_expert|shared_mlp)", r"Shared"),
    ("router", r"(^|\.)(gate|router)\.", r"(Router|TopkRouter|TopKRouter)$"),
    ("linear_attention", r"(^|\.)linear_attn\.",
     r"GatedDeltaNet|DeltaNet|DeltaAttention|LinearAttention|Lightning"),
    ("ssm", r"(^|\.)(mamba|ssm|conv)\.", r"Mamba|SSM|Ssm|ShortConv"),
    ("attention", r"(^|\.)(self_attn|attention|attn)\.", r"Attention"),
    ("dense_mlp", r"(^|\.)(mlp|feed_forward|ffn|block_sparse_moe)\.", r"MLP|FeedForward"),
    ("norms", r"norm|(^|\.)ln_?\w*\.", r"Norm"),
]
PART_ORDER = ["embedding", "per_layer_embedding", "head", "text_layers",
              "vision", "audio", "mtp"]
TEXT_PART_ORDER = ["attention", "linear_attention", "ssm", "routed_experts",
                   "shared_experts", "router", "dense_mlp", "norms", "layer_other",
                   "text_other"]

MTP_KEYS = ("num_nextn_predict_layers", "mtp_num_hidden_layers",
            "num_mtp_layers", "mtp_num_layers", "n_mtp_layers")


def classify(name, module_classes):
    """Return (part, text_sub_part or None) for a parameter name.

    module_classes maps module path -> class name."""
    for part, rx in TOP_PATTERNS:
        if re.search(rx, name):
            return part, None
    m = None
    for m in re.finditer(LAYER_PATTERN, name):
        break
    if m is None:
        return "text_layers", "text_other"
    layer_path = name[:m.end() - 1]
    rel = name[m.end():]
    # classes of the modules between the layer and the parameter
    segs = rel.split(".")[:-1]
    classes = []
    path = layer_path
    for s in segs:
        path = path + "." + s
        classes.append(module_classes.get(path, ""))
    for sub, name_rx, class_rx in SUB_PATTERNS:
        if re.search(name_rx, rel):
            return "text_layers", sub
        if class_rx and any(re.search(class_rx, c) for c in classes):
            return "text_layers", sub
    return "text_layers", "layer_other"


def find_mtp_layers(d):
    found = {}
    for k in MTP_KEYS:
        if isinstance(d.get(k), int) and d[k] > 0:
            found[k] = d[k]
    for k, v in d.items():
        if isinstance(v, dict) and k.endswith("_config"):
            for kk, vv in find_mtp_layers(v).items():
                found[k + "." + kk] = vv
    return found


# ---- worker: one model, in its own process ---------------------------------
def build_and_count(path):
    import logging
    import warnings
    warnings.filterwarnings("ignore")
    import torch
    import transformers
    from transformers import AutoConfig
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING
    transformers.logging.set_verbosity_error()
    logging.disable(logging.WARNING)

    with open(path) as f:
        d = json.load(f)
    notes = []
    entry = {}
    orig_type = d.get("model_type")
    entry["model_type"] = orig_type
    mt = orig_type
    if mt is None:
        return dict(entry, status="unsupported", reason="config has no model_type")
    if mt not in CONFIG_MAPPING:
        if mt in MODEL_TYPE_ALIASES:
            mt, why = MODEL_TYPE_ALIASES[mt]
            notes.append(f"model_type {orig_type!r} built as transformers "
                         f"{mt!r}: {why}")
            entry["mapped_model_type"] = mt
        else:
            reason = UNSUPPORTED_REASONS.get(
                mt, f"transformers {transformers.__version__} does not know "
                    f"model_type {mt!r} and no exact equivalent is mapped")
            return dict(entry, status="unsupported", reason=reason)
    kw = {k: v for k, v in d.items() if k != "model_type"}
    for k in ("quantization_config", "auto_map"):
        if k in kw:
            kw.pop(k)
            notes.append(f"dropped {k} (counts are of the unquantized, "
                         f"in-library architecture)")
    if mt in ("hunyuan_v1_moe", "hunyuan_v1_dense") and "rope_scaling" in kw:
        # Hunyuan's dynamic NTK-alpha RoPE (rope_scaling.alpha) has no parameters, and
        # transformers 5.23 fails to initialise it from the published config.
        kw.pop("rope_scaling")
        notes.append("dropped rope_scaling (no parameters; transformers cannot "
                     "initialise its dynamic alpha RoPE)")
    if mt in ("hunyuan_v1_moe", "hunyuan_v1_dense") and "head_dim" not in kw and "attention_head_dim" in kw:
        kw["head_dim"] = kw["attention_head_dim"]
        notes.append("head_dim taken from attention_head_dim (the original Hunyuan "
                     "key, which transformers 5.23 does not read)")
    cfg = AutoConfig.for_model(mt, **kw)

    archs = d.get("architectures") or []
    cls = None
    if archs and hasattr(transformers, archs[0]):
        cls = getattr(transformers, archs[0])
        if mt != orig_type or "auto_map" in d:
            # make sure the named class belongs to the in-library model
            if getattr(cls, "config_class", None) is not type(cfg):
                cls = None
    if cls is None:
        from transformers import (AutoModelForCausalLM,
                                  AutoModelForImageTextToText, AutoModel)
        for auto in (AutoModelForCausalLM, AutoModelForImageTextToText, AutoModel):
            if type(cfg) in auto._model_mapping:
                cls = auto._model_mapping[type(cfg)]
                break
        if cls is None:
            return dict(entry, status="unsupported",
                        reason=f"no model class for config {type(cfg).__name__}")
        if archs:
            notes.append(f"architectures[0] {archs[0]!r} is not in transformers; "
                         f"used {cls.__name__}")
    entry["class"] = cls.__name__

    with torch.device("meta"):
        model = cls._from_config(cfg)

    module_classes = {n: type(m).__name__ for n, m in model.named_modules()}
    parts = {p: 0 for p in PART_ORDER}
    text = {p: 0 for p in TEXT_PART_ORDER}
    total = 0
    for name, p in model.named_parameters():  # unique tensors: tied once
        n = p.numel()
        total += n
        part, sub = classify(name, module_classes)
        parts[part] += n
        if sub:
            text[sub] += n
    assert total == sum(p.numel() for p in model.parameters())
    assert sum(text.values()) == parts["text_layers"]
    assert sum(parts.values()) == total

    tied = False
    try:
        oe, ie = model.get_output_embeddings(), model.get_input_embeddings()
        tied = oe is not None and ie is not None and oe.weight is ie.weight
    except Exception:
        pass
    entry["tied_embeddings"] = bool(tied)
    mtp = find_mtp_layers(d)
    if mtp and parts["mtp"] == 0:
        notes.append("checkpoint has MTP/NextN layers (" + ", ".join(
            f"{k}={v}" for k, v in sorted(mtp.items())) + ") that transformers "
            "does not build; total excludes them")
    entry.update(status="ok", total=total, parts=parts, text_parts=text)
    # The tensor layout a checkpoint saved by this transformers release has (tied weights once,
    # as safetensors stores them): the Rust tests read the layer plan from it.
    entry["shapes"] = [[name, list(p.shape)] for name, p in model.named_parameters()]
    if notes:
        entry["note"] = "; ".join(notes)
    return entry


# ---- driver ----------------------------------------------------------------
def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_sources(config_dir):
    out = {}
    for tsv in sorted(glob.glob(os.path.join(config_dir, "SOURCES-*.tsv"))):
        with open(tsv, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row.get("file"):
                    out[row["file"]] = row
    return out


def run_one(path, timeout):
    try:
        r = subprocess.run([sys.executable, os.path.abspath(__file__),
                            "--worker", path], capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "error", "reason": f"timed out after {timeout} s"}
    lines = [l for l in r.stdout.splitlines() if l.startswith("RESULT ")]
    if r.returncode == 0 and lines:
        return json.loads(lines[-1][len("RESULT "):])
    err = [l for l in r.stderr.strip().splitlines() if l.strip()]
    return {"status": "error",
            "reason": (err[-1] if err else f"exit code {r.returncode}")[:500]}


def versions():
    out = subprocess.run([sys.executable, "-c",
                          "import torch, transformers; "
                          "print(transformers.__version__, torch.__version__)"],
                         capture_output=True, text=True, check=True).stdout.split()
    return out[0], out[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config-dir", default=DEFAULT_CONFIG_DIR)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--shapes-out", default=DEFAULT_SHAPES_OUT)
    ap.add_argument("--incremental", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args()

    if a.worker:
        try:
            res = build_and_count(a.worker)
        except Exception as e:  # reported as "error" by the driver
            res = {"status": "error",
                   "reason": f"{type(e).__name__}: {e}".splitlines()[0][:500]}
        try:
            with open(a.worker) as f:
                res.setdefault("model_type", json.load(f).get("model_type"))
        except Exception:
            pass
        print("RESULT " + json.dumps(res, sort_keys=True))
        return

    tv, torchv = versions()
    old = {}
    if a.incremental and os.path.exists(a.out):
        with open(a.out) as f:
            prev = json.load(f)
        if prev.get("transformers") == tv and prev.get("torch") == torchv:
            old = prev.get("models", {})
    sources = read_sources(a.config_dir)
    paths = sorted(glob.glob(os.path.join(a.config_dir, "*.json")))
    todo, models = [], {}
    for p in paths:
        fn = os.path.basename(p)
        h = sha256(p)
        if fn in old and old[fn].get("config_sha256") == h:
            models[fn] = old[fn]
        else:
            todo.append((fn, p, h))

    def work(item):
        fn, p, h = item
        res = run_one(p, a.timeout)
        res["config_sha256"] = h
        src = sources.get(fn, {})
        if src.get("complete") and src["complete"] != "yes":
            res["config_complete"] = src["complete"]
        print(f"{fn}: {res.get('status')} {res.get('total', res.get('reason', ''))}",
              file=sys.stderr, flush=True)
        return fn, res

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for fn, res in ex.map(work, todo):
            models[fn] = res

    doc = {
        "transformers": tv,
        "torch": torchv,
        "generated_by": GENERATED_BY,
        "device": "meta",
        "counting": "sum(p.numel() for p in model.parameters()): unique "
                    "tensors, tied weights once; each parameter is put in the "
                    "first part whose pattern matches its full name",
        "part_order": PART_ORDER,
        "text_part_order": TEXT_PART_ORDER,
        "patterns": {
            "parts": {k: v for k, v in TOP_PATTERNS},
            "text_layers": "every parameter not matched by a part pattern",
            "layer": LAYER_PATTERN,
            "text_parts": {k: {"name_after_layer": n, "module_class": c}
                           for k, n, c in SUB_PATTERNS},
            "layer_other": "text_layers parameter inside a layer matched "
                           "by no text_part pattern",
            "text_other": "text_layers parameter outside the layers (final "
                          "norm, ...)",
        },
        "model_type_aliases": {k: v[0] for k, v in MODEL_TYPE_ALIASES.items()},
        "models": models,
    }
    shapes = {}
    if a.incremental and old and os.path.exists(a.shapes_out):
        with open(a.shapes_out) as f:
            shapes = {fn: s for fn, s in json.load(f)["models"].items() if fn in models}
    shapes.update({fn: m.pop("shapes") for fn, m in models.items() if "shapes" in m})
    shapes = dict(sorted(shapes.items()))
    with open(a.shapes_out, "w") as f:
        json.dump({"transformers": tv, "generated_by": GENERATED_BY,
                   "what": "[name, shape] of every parameter of each model built on the meta device",
                   "models": shapes}, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, a.out)
    ok = sum(1 for m in models.values() if m.get("status") == "ok")
    print(f"wrote {a.out}: {ok}/{len(models)} counted", file=sys.stderr)


if __name__ == "__main__":
    main()
