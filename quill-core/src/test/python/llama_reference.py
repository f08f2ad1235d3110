#!/usr/bin/env python3
"""Reference Llama / Qwen2 forward pass in float64 numpy, written from the Hugging Face
modeling_llama.py / modeling_qwen2.py math, to cross-check quill's Java forward pass.

usage: llama_reference.py MODEL_DIR TOKENS_CSV OUT_FILE

Reads MODEL_DIR/config.json and the safetensors weights (one model.safetensors, or shards
listed in model.safetensors.index.json), runs the causal forward over the tokens, and writes
the logits of every position as little-endian float32 (positions x vocab) to OUT_FILE.
"""
import json
import os
import struct
import sys

import numpy as np


# ----------------------------------------------------------------------------
# safetensors: u64 little-endian header length, a JSON header, then raw data
# https://github.com/huggingface/safetensors#format

def load_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = data[begin:end]
        dtype = info["dtype"]
        if dtype == "F32":
            a = np.frombuffer(raw, dtype="<f4")
        elif dtype == "F16":
            a = np.frombuffer(raw, dtype="<f2")
        elif dtype == "BF16":  # the top 16 bits of a float32
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {dtype}")
        tensors[name] = a.astype(np.float64).reshape(info["shape"])
    return tensors


def load_weights(model_dir):
    index = os.path.join(model_dir, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            shards = sorted(set(json.load(f)["weight_map"].values()))
    else:
        shards = ["model.safetensors"]
    w = {}
    for shard in shards:
        w.update(load_safetensors(os.path.join(model_dir, shard)))
    return w


# ----------------------------------------------------------------------------
# the operations, one function each; x is (T, dim) unless said otherwise

def rmsnorm(x, weight, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def linear(x, w, b=None):  # w is (out, in) as in torch.nn.Linear
    y = x @ w.T
    return y if b is None else y + b


def rotate_half(x):  # (..., head_dim): pairs i with i + head_dim/2
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def rope(x, theta):  # x: (heads, T, head_dim)
    head_dim = x.shape[-1]
    inv_freq = theta ** (-np.arange(0, head_dim, 2, dtype=np.float64) / head_dim)  # (head_dim/2,)
    freqs = np.outer(np.arange(x.shape[1], dtype=np.float64), inv_freq)  # (T, head_dim/2)
    emb = np.concatenate([freqs, freqs], axis=-1)  # (T, head_dim)
    return x * np.cos(emb) + rotate_half(x) * np.sin(emb)


def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def silu(x):
    return x / (1.0 + np.exp(-x))


def attention(x, w, p, cfg):
    T = x.shape[0]
    heads, kv_heads, hd = cfg["heads"], cfg["kv_heads"], cfg["head_dim"]
    bias = cfg["bias"]
    q = linear(x, w[p + "q_proj.weight"], w[p + "q_proj.bias"] if bias else None)
    k = linear(x, w[p + "k_proj.weight"], w[p + "k_proj.bias"] if bias else None)
    v = linear(x, w[p + "v_proj.weight"], w[p + "v_proj.bias"] if bias else None)
    q = q.reshape(T, heads, hd).transpose(1, 0, 2)  # (heads, T, hd)
    k = k.reshape(T, kv_heads, hd).transpose(1, 0, 2)  # (kv_heads, T, hd)
    v = v.reshape(T, kv_heads, hd).transpose(1, 0, 2)
    q, k = rope(q, cfg["theta"]), rope(k, cfg["theta"])
    group = heads // kv_heads  # GQA: query head h reads kv head h // group
    k = np.repeat(k, group, axis=0)  # (heads, T, hd)
    v = np.repeat(v, group, axis=0)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(hd)  # (heads, T, T)
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)
    out = softmax(scores) @ v  # (heads, T, hd)
    out = out.transpose(1, 0, 2).reshape(T, heads * hd)
    return linear(out, w[p + "o_proj.weight"])


def mlp(x, w, p):
    return linear(silu(linear(x, w[p + "gate_proj.weight"])) * linear(x, w[p + "up_proj.weight"]),
                  w[p + "down_proj.weight"])


def forward(tokens, w, cfg):
    x = w["model.embed_tokens.weight"][tokens]  # (T, hidden)
    for l in range(cfg["layers"]):
        p = f"model.layers.{l}."
        x = x + attention(rmsnorm(x, w[p + "input_layernorm.weight"], cfg["eps"]), w, p + "self_attn.", cfg)
        x = x + mlp(rmsnorm(x, w[p + "post_attention_layernorm.weight"], cfg["eps"]), w, p + "mlp.")
    x = rmsnorm(x, w["model.norm.weight"], cfg["eps"])
    head = w["model.embed_tokens.weight"] if cfg["tied"] else w["lm_head.weight"]
    return linear(x, head)  # (T, vocab)


def read_config(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        c = json.load(f)
    heads = c["num_attention_heads"]
    model_type = c.get("model_type", "llama")
    return {
        "vocab": c["vocab_size"],
        "layers": c["num_hidden_layers"],
        "heads": heads,
        "kv_heads": c.get("num_key_value_heads", heads),
        "head_dim": c.get("head_dim") or c["hidden_size"] // heads,
        "eps": c.get("rms_norm_eps", 1e-6),
        "theta": c.get("rope_theta", 10000.0),
        "tied": c.get("tie_word_embeddings", False),
        "bias": c.get("attention_bias", model_type == "qwen2"),
    }


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: llama_reference.py MODEL_DIR TOKENS_CSV OUT_FILE\n")
        return 2
    model_dir, tokens_csv, out_file = argv[1:]
    cfg = read_config(model_dir)
    tokens = np.array([int(t) for t in tokens_csv.split(",")], dtype=np.int64)
    vocab = cfg["vocab"]
    if tokens.size == 0 or tokens.min() < 0 or tokens.max() >= vocab:
        raise ValueError(f"token ids must lie in [0, {vocab})")
    logits = forward(tokens, load_weights(model_dir), cfg)
    logits.astype("<f4").tofile(out_file)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as e:  # one line on stderr, non-zero exit
        sys.stderr.write(f"llama_reference.py: {type(e).__name__}: {e}\n")
        sys.exit(1)
