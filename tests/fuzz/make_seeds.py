"""Seed corpora for the fuzz targets, from real small inputs.

Usage: make_seeds.py OUT_DIR

- config_json: every catalogue preset's config.json (src/core/catalogue/models.json) and the
  published configs in tests/fixtures/configs/ (hybrid, MLA, vision and MoE layouts);
- safetensors_header, gguf_header: the files tests/files/make_model_files.py wrote into
  tests/files/made/ (real safetensors and gguf-py output), each behind the 8-byte file length
  the targets read first (the 100 GB ones: their manifest's `file_bytes`);
- share_state: share links from the README and the e2e tests;
- numbers: what people type.
"""
import json
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = sys.argv[1]


def write(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


with open(os.path.join(ROOT, "src/core/catalogue/models.json")) as f:
    for preset in json.load(f)["models"]:
        write("config_json", preset["id"], json.dumps(preset["config"]))
configs = os.path.join(ROOT, "tests/fixtures/configs")
for name in sorted(os.listdir(configs)):
    if name.endswith(".json"):
        with open(os.path.join(configs, name), "rb") as f:
            write("config_json", name, f.read())

made = os.path.join(ROOT, "tests/files/made")
with open(os.path.join(made, "manifest.json")) as f:
    made_manifest = json.load(f)
for name in sorted(os.listdir(made)):
    with open(os.path.join(made, name), "rb") as f:
        data = f.read()
    size = made_manifest.get(name, {}).get("file_bytes", len(data))
    target = {".safetensors": "safetensors_header", ".gguf": "gguf_header", ".json": "safetensors_header"}.get(os.path.splitext(name)[1])
    if target:
        write(target, name, struct.pack("<Q", size) + data)

# Headers of checkpoints without a config (the layer plan then comes from tensor names): a few
# layouts transformers builds, from tests/fixtures/transformers_shapes.json, data left out.
with open(os.path.join(ROOT, "tests/fixtures/transformers_shapes.json")) as f:
    layouts = json.load(f)["models"]
for name in ["Qwen__Qwen3-Next-80B-A3B-Thinking.json", "transformers-default__nemotron_h.json", "transformers-default__gemma4-moe-shared-vision.json"]:
    header, offset = {}, 0
    for tensor, shape in layouts[name][:300]:
        size = 2
        for d in shape:
            size *= d
        header[tensor] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    write("safetensors_header", "layout-" + name, struct.pack("<Q", 8 + len(text) + offset) + struct.pack("<Q", len(text)) + text)

for i, query in enumerate([
    "?model=qwen2.5-7b&quant=q4_k_m&ctx=16k&gpu=rtx-4090&lang=tr",
    "?params=6,7B&lang=tr&unit=gib&embed=1",
    "?params=70B&quant=awq_4bit_g128&kvq=fp8&ctx=128k&batch=8&mode=qlora&engine=llama.cpp&gpu=4x-rtx-6000-ada&gpus=2&reserve=1.5&overhead=1.2",
    "?ctx=abc&gpu=voodoo&quant=%3Cimg%20src%3Dx%3E&evil=1&batch=%ZZ",
]):
    write("share_state", f"link{i}", query)

# hub_answers: a typed id, then the answers a repo of tests/fixtures/hub/repos.json gets, each
# after a 0xFF byte (info, tree listing, then each file as served).
with open(os.path.join(ROOT, "tests/fixtures/hub/repos.json")) as f:
    repos = json.load(f)["repos"]
for i, (repo, entry) in enumerate(repos.items()):
    answers = [json.dumps({"id": repo, "sha": entry["sha"], "gated": entry["gated"]}).encode()]
    tree, files = [], []
    for path, file in entry["files"].items():
        if "json" in file:
            data = json.dumps(file["json"]).encode()
        elif "text" in file:
            data = file["text"].encode()
        elif "made" in file:
            with open(os.path.join(ROOT, "tests/files/made", file["made"]), "rb") as g:
                data = g.read()[:4096]
        else:
            data = None
        tree.append({"type": "file", "path": path, "size": len(data) if data is not None else file["size"]})
        if data is not None and len(data) < 16384:
            files.append(data)
    answers.append(json.dumps(tree).encode())
    write("hub_answers", f"repo{i}", repo.encode() + b"".join(b"\xff" + a.replace(b"\xff", b"") for a in answers + files))

for i, text in enumerate(["7B", "1.5T", "350M", "6.7e9", "7,000,000,000", "6,7B", "70 billion", "7 milyar", "124M params", "128k", "0.5", "1.234,5", "-1", "NaN", "1e24"]):
    write("numbers", f"n{i}", text)
