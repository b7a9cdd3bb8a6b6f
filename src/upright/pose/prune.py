"""A model file without the outputs the pipeline never reads, cached beside the original.

``pose_landmark_full.tflite`` also computes a 256x256 person mask (output ``Identity_2``)
that nothing here uses; mediapipe computes it even with segmentation off. Its decoder
works at the full crop size and costs about as much as the rest of the model together.
`without_outputs` rewrites the model's flatbuffer keeping only the operators that the
remaining outputs depend on: those operators, their weights and tensors are untouched,
so the remaining outputs are the same, bit for bit. The result is written once next to
the original, named after the original's SHA-256, and reused.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from upright.pose.errors import PoseError


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pruned_bytes(model: bytes, drop: tuple[str, ...]) -> bytes:
    """The flatbuffer ``model`` without the outputs named in ``drop`` and their own operators.

    Operators that feed any remaining output are all kept, in their order; tensors and
    weight buffers stay as they are (the unused ones are never read).
    """
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    tree = schema.ModelT.InitFromPackedBuf(bytearray(model), 0)
    graph = tree.subgraphs[0]

    def name(index: int) -> str:
        raw = graph.tensors[index].name
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    outputs = [int(i) for i in graph.outputs]
    gone = {i for i in outputs if name(i) in drop}
    if len(gone) != len(drop):
        found = sorted(name(i) for i in outputs)
        raise PoseError(f"model outputs: expected {list(drop)} among them, got {found}")
    kept_outputs = [i for i in outputs if i not in gone]
    producer = {int(t): k for k, op in enumerate(graph.operators) for t in op.outputs}
    needed: set[int] = set()
    stack = [producer[t] for t in kept_outputs if t in producer]
    while stack:
        k = stack.pop()
        if k in needed:
            continue
        needed.add(k)
        stack.extend(producer[int(t)] for t in graph.operators[k].inputs if int(t) in producer)
    graph.operators = [op for k, op in enumerate(graph.operators) if k in needed]
    graph.outputs = kept_outputs
    builder = flatbuffers.Builder(len(model) + 4096)
    builder.Finish(tree.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def without_outputs(model_file: Path, drop: tuple[str, ...]) -> Path | bytes:
    """``model_file`` without the outputs ``drop``: a cached file, or bytes if none can be written.

    The cached file sits beside ``model_file`` as ``<stem>.<sha256 prefix>.pruned.tflite``,
    so a changed original is pruned anew.
    """
    digest = _sha256(model_file)[:16]
    target = model_file.with_name(f"{model_file.stem}.{digest}.pruned.tflite")
    if target.is_file():
        return target
    content = pruned_bytes(model_file.read_bytes(), drop)
    part = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        part.write_bytes(content)
        os.replace(part, target)  # atomic: a reader sees the whole file or none
    except OSError:
        part.unlink(missing_ok=True)
        return content
    return target
