"""Speed of the local VLM path, inside the pipeline and alone, at several batch sizes, on a GPU (or `--cpu`).

    PYTHONPATH=. python benchmarks/vlm_gpu.py                     # GPU: SmolVLM-Instruct 2.2B shape, batch 1/4/16
    PYTHONPATH=. python benchmarks/vlm_gpu.py --models smolvlm-2.2b,qwen2.5-vl-3b
    PYTHONPATH=. python benchmarks/vlm_gpu.py --cpu               # tiny model, anywhere, ~1-2 minutes

For each model shape (random weights built from config dicts in benchmarks/vlm_models.py, nothing downloaded)
and batch size it prints: pages/s and generated tokens/s of `run_batch` over text-layer pages of
`sample_docs/` (each copied under a new name so every copy is a document), the decoding time per token inside
the pipeline (the model in its own process, fed by the document threads), the same for a plain `generate` of
the same prompts in this process (no grammar: the standalone model) and with our grammar processor, the time to
first token and the peak GPU memory. A time budget (`--budget-s`) skips what would not fit.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def text_pdfs() -> list[Path]:
    """The sample documents with a text layer (no OCR needed: the benchmark is about the VLM)."""
    import pypdfium2 as pdfium

    out = []
    for pdf in sorted((ROOT / "sample_docs").glob("*.pdf")):
        doc = pdfium.PdfDocument(pdf)
        if doc[0].get_textpage().get_text_range().strip():
            out.append(pdf)
        doc.close()
    return out


def copies(sources: list[Path], n: int, folder: Path) -> list[Path]:
    """`n` documents: the sources in turn, each copy made distinct by a trailing PDF comment (new sha256)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        src = sources[k % len(sources)]
        dst = folder / f"{src.stem}-{k:03d}.pdf"
        dst.write_bytes(src.read_bytes() + f"\n% copy {k}\n".encode())
        out.append(dst)
    return out


def requests_for(files: list[Path], vlm_options: Any, max_new_tokens: int) -> list[Any]:
    """The first request of each document, built by the pipeline's own stages (what `run_batch` sends)."""
    from pipeline.options import PipelineOptions
    from pipeline.runner import Pipeline
    from pipeline.vlm.guided import answer_model_for
    from pipeline.vlm.prompt import build_request
    from pipeline.vlm.regions import batch_pages, images_for_pages

    pipe = Pipeline(PipelineOptions())
    out = []
    for f in files:
        doc = pipe.backbone(f)
        model = pipe.model_for(pipe.classify(doc))
        pages = batch_pages(doc, vlm_options)[0]
        images = images_for_pages(doc, pages, vlm_options)
        out.append(build_request(doc, pages, images, answer_model_for(model), max_new_tokens))
    return out


def run_pipeline(
    model_dir: Path, batch: int, files: list[Path], out: Path, max_new: int, show: bool = False
) -> dict[str, Any]:
    """`run_batch` over `files` with the transformers backend at `batch`; figures from the output records."""
    from pipeline.batch import run_batch
    from pipeline.options import PipelineOptions, VlmOptions
    from pipeline.vlm import close_backends, create_backend

    vlm = VlmOptions(backend="transformers", model_path=model_dir, batch=batch, max_new_tokens=max_new)
    t = time.perf_counter()
    create_backend(vlm)  # the model process loads (as `docextract run` does before the first document)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    summary = run_batch(files, out, PipelineOptions(vlm=vlm))
    wall = time.perf_counter() - t
    close_backends()
    records = []
    for path in out.glob("*.json"):
        records.extend(json.loads(path.read_text())["pipeline"].get("vlm_requests", []))
    if show:
        for r in records:
            print("   ", {k: v for k, v in r.items() if k != "model"}, flush=True)
    failed = summary.count("failed")
    tokens = sum(r.get("generated_tokens") or 0 for r in records)
    return {
        "load_s": round(load_s, 1),
        "docs": len(files),
        "failed": failed,
        "pages": summary.pages,
        "wall_s": round(wall, 1),
        "pages_per_s": round(summary.pages / wall, 3),
        "tokens_per_s": round(tokens / wall, 1),
        "requests": len(records),
        "mean_batch": round(statistics.mean(r.get("batch_size", 1) for r in records), 1) if records else 0,
        "pipeline_ms_per_token": _mean(records, "decode_ms_per_token"),
        "pipeline_ms_per_token_min": min((r["decode_ms_per_token"] for r in records), default=None),
        "ttft_s": _mean(records, "ttft_s"),
        "prompt_tokens": _mean(records, "prompt_tokens"),
    }


def _mean(records: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in records if r.get(key) is not None]
    return round(statistics.mean(values), 3) if values else None


def standalone(
    model: Any, requests: list[Any], steps: int, max_new: int, with_grammar: bool = True, repeats: int = 1
) -> dict[str, Any]:
    """The same prompts in this process: plain `generate` (no grammar) and our batched grammar decoding."""
    import torch

    from pipeline.vlm.decoding import median_step_ms
    from pipeline.vlm.transformers_backend import job_for

    jobs = [job_for(r, max_new) for r in requests]
    for k, job in enumerate(jobs):
        job.id = k
    cuda = str(model.device).startswith("cuda")

    def sync() -> None:
        if cuda:
            torch.cuda.synchronize()

    if cuda:
        torch.cuda.reset_peak_memory_stats()
    inputs = model.inputs(jobs)

    # Special tokens suppressed: a random model would otherwise write image tokens, which the next step's
    # forward treats as images (slower, and not what a trained model does).
    special = sorted(set(model.tokenizer.all_special_ids) | set(model.eos_ids))

    stamps: list[float] = []

    def stamp(input_ids: Any, scores: Any) -> Any:  # the pace of the loop, as the pipeline measures it
        stamps.append(time.perf_counter())
        return scores

    def plain(n: int) -> float:
        stamps.clear()
        sync()
        t = time.perf_counter()
        with torch.inference_mode():
            model.model.generate(
                **inputs,
                max_new_tokens=n,
                min_new_tokens=n,
                do_sample=False,
                pad_token_id=model.pad_id,
                suppress_tokens=special,
                logits_processor=[stamp],
            )
        sync()
        return time.perf_counter() - t

    plain(2)  # warm-up (kernels, allocator)
    first = min(plain(1) for _ in range(repeats))
    paces = []
    for _ in range(repeats):  # the median step of a run; the quickest run: a shared machine only slows things
        plain(steps)
        paces.append(median_step_ms(stamps))
    step_ms = min(paces)
    guided = model.generate(jobs) if with_grammar else []
    peak = torch.cuda.max_memory_allocated() / 2**30 if cuda else None
    return {
        "standalone_ms_per_token": round(step_ms, 3),
        "standalone_ttft_s": round(first, 3),
        "grammar_ms_per_token": round(statistics.mean(r.timings["ms_per_step"] for r in guided), 3)
        if guided
        else None,
        "peak_gib": round(peak, 2) if peak is not None else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cpu", action="store_true", help="tiny model on the CPU (runs anywhere)")
    ap.add_argument("--models", default=None, help="comma-separated shapes of benchmarks/vlm_models.py")
    ap.add_argument("--batches", default=None, help="comma-separated batch sizes (GPU 1,4,16; CPU 1,4)")
    ap.add_argument("--docs-per-batch", type=int, default=2, help="documents per run = this x batch (min 4)")
    ap.add_argument("--max-new-tokens", type=int, default=256, help="the run's --vlm-max-new-tokens")
    ap.add_argument(
        "--steps", type=int, default=None, help="tokens of the standalone generate (GPU 128, CPU 48)"
    )
    ap.add_argument(
        "--budget-s", type=float, default=330.0, help="skip what would start after this many seconds"
    )
    ap.add_argument("--json", type=Path, default=None, help="write the rows here")
    ap.add_argument(
        "--no-grammar-alone", action="store_true", help="skip the standalone run with the grammar"
    )
    ap.add_argument("--show-requests", action="store_true", help="print every request record of the runs")
    args = ap.parse_args()

    import torch
    from vlm_models import SHAPES, build

    from pipeline.options import VlmOptions

    started = time.perf_counter()
    device = "cpu" if args.cpu else "cuda"
    if device == "cuda" and not torch.cuda.is_available():
        print("no CUDA device: use --cpu", file=sys.stderr)
        return 2
    models = (args.models or ("tiny" if args.cpu else "smolvlm-2.2b")).split(",")
    batches = [int(b) for b in (args.batches or ("1,4" if args.cpu else "1,4,16")).split(",")]
    steps = args.steps or (48 if args.cpu else 128)
    machine = torch.cuda.get_device_name(0) if device == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    print(f"# vlm_gpu: {machine}; torch {torch.__version__}; models {models}; batches {batches}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="vlm_gpu_"))
    sources = text_pdfs()
    rows: list[dict[str, Any]] = []
    try:
        probe = VlmOptions(backend="transformers", model_path=None)
        corpus_reqs = requests_for(sources, probe, args.max_new_tokens)
        corpus = [r.system + "\n" + r.user_text for r in corpus_reqs] * 4
        for shape in models:
            if shape not in SHAPES:
                print(f"unknown model shape {shape!r}: one of {', '.join(SHAPES)}", file=sys.stderr)
                continue
            t = time.perf_counter()
            try:
                model_dir = build(shape, work / shape, corpus, device)
            except Exception as exc:  # an architecture this transformers release builds differently
                print(f"{shape}: could not build ({type(exc).__name__}: {exc})", flush=True)
                continue
            print(f"{shape}: built in {time.perf_counter() - t:.1f} s", flush=True)
            done = []
            for batch in batches:
                if time.perf_counter() - started > args.budget_s:
                    print(f"{shape} batch {batch}: skipped (time budget)", flush=True)
                    continue
                files = copies(sources, max(4, args.docs_per_batch * batch), work / f"in-{shape}-{batch}")
                try:
                    out = work / f"out-{shape}-{batch}"
                    row = run_pipeline(model_dir, batch, files, out, args.max_new_tokens, args.show_requests)
                except Exception as exc:
                    print(f"{shape} batch {batch}: pipeline failed ({type(exc).__name__}: {exc})", flush=True)
                    continue
                row.update(model=shape, batch=batch, device=machine)
                print(f"{shape} batch {batch}: pipeline {row}", flush=True)
                done.append(row)
            if done and time.perf_counter() - started < args.budget_s + 60:
                from pipeline.vlm.local_model import LocalModel

                local = LocalModel(model_dir, device)
                for row in done:
                    reqs = requests_for(
                        copies(sources, row["batch"], work / "solo"), probe, args.max_new_tokens
                    )
                    repeats = 7 if args.cpu else 1
                    row.update(
                        standalone(
                            local, reqs, steps, args.max_new_tokens, not args.no_grammar_alone, repeats
                        )
                    )
                    ratio = row["pipeline_ms_per_token"] / row["standalone_ms_per_token"]
                    row["pipeline_vs_standalone"] = round(ratio, 3)
                    if args.cpu:  # quickest against quickest: what a quiet machine would show
                        quick = row["pipeline_ms_per_token_min"] / row["standalone_ms_per_token"]
                        row["quickest_pipeline_vs_standalone"] = round(quick, 3)
                    print(f"{shape} batch {row['batch']}: standalone {row}", flush=True)
                del local
                if device == "cuda":
                    torch.cuda.empty_cache()
            rows.extend(done)
            shutil.rmtree(work / shape, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    print(f"# total {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


def print_table(rows: list[dict[str, Any]]) -> None:
    cols = [
        ("model", "model"),
        ("batch", "batch"),
        ("pages", "pages"),
        ("pages/s", "pages_per_s"),
        ("tokens/s", "tokens_per_s"),
        ("ms/token pipeline", "pipeline_ms_per_token"),
        ("ms/token standalone", "standalone_ms_per_token"),
        ("pipeline/standalone", "pipeline_vs_standalone"),
        ("quickest pipeline/standalone", "quickest_pipeline_vs_standalone"),
        ("ms/token +grammar alone", "grammar_ms_per_token"),
        ("TTFT s (pipeline)", "ttft_s"),
        ("TTFT s (alone)", "standalone_ttft_s"),
        ("prompt tokens", "prompt_tokens"),
        ("mean batch", "mean_batch"),
        ("peak GiB", "peak_gib"),
    ]
    print("| " + " | ".join(c for c, _ in cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row.get(k, "")) for _, k in cols) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
