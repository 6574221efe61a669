#!/usr/bin/python3
"""Writes a tiny BERT-shaped ONNX model, its vocab.txt and the vectors it must produce.

Run with Debian's python3-onnx and python3-numpy (apt-get install -y python3-onnx python3-numpy):
    /usr/bin/python3 tests/models/make_tiny_bert.py
Outputs (committed, a few KB, so CI needs no Python): tests/models/tiny-bert/{model.onnx,vocab.txt,expected.json}.

The graph has BERT's interface (int64 input_ids, attention_mask, token_type_ids -> float last_hidden_state
[batch, seq, hidden]) and a trivial body: word + token-type embedding lookup, a mask term, MatMul + bias,
Tanh. The expected sentence vectors are computed here with numpy from token ids produced by this script's
own WordPiece, each sentence on its own (no padding), so the C# side must get tokenization, padding, pooling
and normalization right to match.
"""
import json
import os
import unicodedata

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN = 8
SEED = 20241123
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny-bert")

VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
    "the", "cat", "sat", "on", "mat", "a", "dog", "runs", "fast", "embed", "##ding", "##s",
    "token", "##izer", "works", "hello", "world", "play", "##ing", "rag", "bot", ".", ",", "!", "?", "cafe",
]

SENTENCES = [
    "The cat sat on the mat.",
    "Embeddings work!",
    "Hello, world",
    "A dog runs fast and plays",
    "RAG bot tokenizer works playing",
    "Café works",
]


def basic_tokens(text):
    """Lower-case, strip accents, split on whitespace and punctuation (what BERT's basic tokenizer does)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    tokens, current = [], ""
    for ch in text:
        if ch.isspace():
            if current:
                tokens.append(current)
            current = ""
        elif unicodedata.category(ch).startswith("P"):
            if current:
                tokens.append(current)
            tokens.append(ch)
            current = ""
        else:
            current += ch
    if current:
        tokens.append(current)
    return tokens


def wordpiece(word, index):
    """Greedy longest-match-first; a word with any unmatched piece becomes [UNK]."""
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in index:
                found = piece
                break
            end -= 1
        if found is None:
            return [index["[UNK]"]]
        pieces.append(index[found])
        start = end
    return pieces


def encode(text, index, max_tokens):
    body = [i for word in basic_tokens(text) for i in wordpiece(word, index)]
    body = body[: max_tokens - 2]
    return [index["[CLS]"]] + body + [index["[SEP]"]]


def make_weights():
    rng = np.random.default_rng(SEED)
    return {
        "word_embeddings": rng.normal(0, 0.6, (len(VOCAB), HIDDEN)).astype(np.float32),
        "token_type_embeddings": rng.normal(0, 0.3, (2, HIDDEN)).astype(np.float32),
        "mask_vector": rng.normal(0, 0.2, (HIDDEN,)).astype(np.float32),
        "dense_weight": rng.normal(0, 0.5, (HIDDEN, HIDDEN)).astype(np.float32),
        "dense_bias": rng.normal(0, 0.1, (HIDDEN,)).astype(np.float32),
    }


def make_model(weights):
    dims = ["batch", "sequence"]
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, dims)
              for name in ("input_ids", "attention_mask", "token_type_ids")]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, dims + [HIDDEN])
    initializers = [numpy_helper.from_array(value, name) for name, value in weights.items()]
    initializers.append(numpy_helper.from_array(np.array([2], dtype=np.int64), "unsqueeze_axes"))
    nodes = [
        helper.make_node("Gather", ["word_embeddings", "input_ids"], ["words"]),
        helper.make_node("Gather", ["token_type_embeddings", "token_type_ids"], ["types"]),
        helper.make_node("Add", ["words", "types"], ["embedded"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "unsqueeze_axes"], ["mask_column"]),
        helper.make_node("Mul", ["mask_column", "mask_vector"], ["mask_term"]),
        helper.make_node("Add", ["embedded", "mask_term"], ["masked"]),
        helper.make_node("MatMul", ["masked", "dense_weight"], ["projected"]),
        helper.make_node("Add", ["projected", "dense_bias"], ["biased"]),
        helper.make_node("Tanh", ["biased"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(nodes, "tiny_bert", inputs, [output], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="ragbot-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def hidden_states(ids, weights):
    """The graph's computation for one unpadded sentence (token type 0, mask 1 everywhere)."""
    x = weights["word_embeddings"][ids] + weights["token_type_embeddings"][0] + weights["mask_vector"]
    return np.tanh(x @ weights["dense_weight"] + weights["dense_bias"])


def sentence_vector(ids, weights, pooling, normalize):
    states = hidden_states(np.array(ids), weights).astype(np.float64)
    vector = states.mean(axis=0) if pooling == "mean" else states[0]
    if normalize:
        vector = vector / np.linalg.norm(vector)
    return [round(float(v), 7) for v in vector]


def main():
    os.makedirs(OUT, exist_ok=True)
    index = {token: i for i, token in enumerate(VOCAB)}
    weights = make_weights()
    onnx.save(make_model(weights), os.path.join(OUT, "model.onnx"))
    with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8", newline="\n") as vocab:
        vocab.write("\n".join(VOCAB) + "\n")
    cases = []
    for name, pooling, normalize, max_tokens in [
        ("mean-normalized", "mean", True, 64),
        ("cls-raw", "cls", False, 64),
        ("mean-truncated", "mean", True, 5),
    ]:
        ids = [encode(s, index, max_tokens) for s in SENTENCES]
        cases.append({
            "name": name, "pooling": pooling, "normalize": normalize, "maxTokens": max_tokens,
            "sentences": SENTENCES, "ids": ids,
            "vectors": [sentence_vector(i, weights, pooling, normalize) for i in ids],
        })
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8", newline="\n") as expected:
        json.dump({"hidden": HIDDEN, "cases": cases}, expected, indent=1)
        expected.write("\n")


if __name__ == "__main__":
    main()
