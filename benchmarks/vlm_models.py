"""Random-weight model folders of real VLM architectures, built from config dicts written here (no download).

Each folder is what `DOCEXTRACT_VLM_MODEL_PATH` points at in production: config, safetensors weights, a
tokenizer, a chat template and the processor configs, so the transformers backend loads it exactly as it loads
the real model. Speed depends on the shapes (layers, widths, heads, vocabulary rows of the output layer, image
tiles), which are the real ones; the answers are noise, kept schema-valid by the grammar.

The tokenizer is a byte-level BPE trained on the prompts of `sample_docs/` (a real model's tokenizer is not
available offline); the output layer keeps the real model's vocabulary size, so the per-step cost of the last
matmul and of the grammar mask are the real ones, and prompt lengths are of the same order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

IDEFICS3_TEMPLATE = (
    "<|im_start|>{% for message in messages %}"
    "{{ message['role'] | capitalize }}:"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}<image>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}<end_of_utterance>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}Assistant:{% endif %}"
)
QWEN_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
IDEFICS3_SPECIAL = [
    "<|endoftext|>",
    "<|im_start|>",
    "<end_of_utterance>",
    "<fake_token_around_image>",
    "<image>",
    "<global-img>",
    *[f"<row_{i}_col_{j}>" for i in range(1, 7) for j in range(1, 7)],
]
QWEN_SPECIAL = [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|image_pad|>",
    "<|video_pad|>",
]

# Shapes of the real models (their published config.json files), and a tiny one for CPU runs.
SHAPES: dict[str, dict[str, Any]] = {
    "tiny": {
        "family": "idefics3",
        "tokenizer_vocab": 2048,
        "vocab": 2048,
        "text": dict(
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
        ),
        "vision": dict(
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=1,
            num_attention_heads=2,
            image_size=56,
            patch_size=14,
        ),
        "scale_factor": 2,
        "tiles": False,
    },
    "smolvlm-2.2b": {  # HuggingFaceTB/SmolVLM-Instruct: SigLIP-so400m + a 1.7B Llama, 384 px tiles
        "family": "idefics3",
        "tokenizer_vocab": 8192,
        "vocab": 49155,
        "text": dict(
            hidden_size=2048,
            intermediate_size=8192,
            num_hidden_layers=24,
            num_attention_heads=32,
            num_key_value_heads=32,
            rope_theta=273768.0,
        ),
        "vision": dict(
            hidden_size=1152,
            intermediate_size=4304,
            num_hidden_layers=27,
            num_attention_heads=16,
            image_size=384,
            patch_size=14,
        ),
        "scale_factor": 3,
        "tiles": True,
    },
    "qwen2.5-vl-3b": {
        "family": "qwen2_5_vl",
        "tokenizer_vocab": 8192,
        "vocab": 151936,
        "text": dict(
            hidden_size=2048,
            intermediate_size=11008,
            num_hidden_layers=36,
            num_attention_heads=16,
            num_key_value_heads=2,
            tie_word_embeddings=True,
        ),
        "vision": dict(
            depth=32, hidden_size=1280, intermediate_size=3420, num_heads=16, out_hidden_size=2048
        ),
    },
    "qwen2.5-vl-7b": {
        "family": "qwen2_5_vl",
        "tokenizer_vocab": 8192,
        "vocab": 152064,
        "text": dict(
            hidden_size=3584,
            intermediate_size=18944,
            num_hidden_layers=28,
            num_attention_heads=28,
            num_key_value_heads=4,
        ),
        "vision": dict(
            depth=32, hidden_size=1280, intermediate_size=3420, num_heads=16, out_hidden_size=3584
        ),
    },
}


def train_tokenizer(corpus: list[str], vocab_size: int, special: list[str], eos: str, template: str):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=special,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token=eos, pad_token="<|endoftext|>", additional_special_tokens=special[1:]
    )
    fast.chat_template = template
    return fast


def build(shape: str, directory: Path, corpus: list[str], device: str = "cpu") -> Path:
    """Write a random-weight model folder of `shape` (bf16 on a GPU, f32 on CPU) and return it."""
    spec = SHAPES[shape]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if spec["family"] == "idefics3":
        _idefics3(spec, directory, corpus, device)
    else:
        _qwen25vl(spec, directory, corpus, device)
    return directory


def _init_and_save(model_cls: Any, config: Any, directory: Path, device: str) -> None:
    import torch

    dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    torch.manual_seed(0)
    with torch.device(device):  # initialised where it runs: seconds on a GPU for billions of weights
        model = model_cls(config).to(dtype).eval()
    model.save_pretrained(directory)
    del model
    if device.startswith("cuda"):
        torch.cuda.empty_cache()


def _idefics3(spec: dict[str, Any], directory: Path, corpus: list[str], device: str) -> None:
    from transformers import (
        Idefics3Config,
        Idefics3ForConditionalGeneration,
        Idefics3ImageProcessor,
        Idefics3Processor,
    )

    tokenizer = train_tokenizer(
        corpus, spec["tokenizer_vocab"], IDEFICS3_SPECIAL, "<end_of_utterance>", IDEFICS3_TEMPLATE
    )
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in IDEFICS3_SPECIAL}
    vision = spec["vision"]
    config = Idefics3Config(
        text_config={
            "model_type": "llama",
            "vocab_size": max(spec["vocab"], len(tokenizer)),
            "max_position_embeddings": 16384,
            "bos_token_id": ids["<|im_start|>"],
            "eos_token_id": ids["<end_of_utterance>"],
            "pad_token_id": ids["<|endoftext|>"],
            **spec["text"],
        },
        vision_config=vision,
        scale_factor=spec["scale_factor"],
        image_token_id=ids["<image>"],
        pad_token_id=ids["<|endoftext|>"],
    )
    _init_and_save(Idefics3ForConditionalGeneration, config, directory, device)
    side = vision["image_size"]
    if spec["tiles"]:  # SmolVLM: the page at up to 4 x 384 px, cut into 384 px tiles plus the whole image
        image_processor = Idefics3ImageProcessor(
            size={"longest_edge": 4 * side}, max_image_size={"longest_edge": side}, do_image_splitting=True
        )
    else:
        image_processor = Idefics3ImageProcessor(
            size={"longest_edge": side}, max_image_size={"longest_edge": side}, do_image_splitting=False
        )
    seq = (side // vision["patch_size"]) ** 2 // spec["scale_factor"] ** 2
    Idefics3Processor(
        image_processor=image_processor,
        tokenizer=tokenizer,
        image_seq_len=seq,
        chat_template=IDEFICS3_TEMPLATE,
    ).save_pretrained(directory)
    _set_generation(directory, ids["<end_of_utterance>"], ids["<|endoftext|>"])


def _qwen25vl(spec: dict[str, Any], directory: Path, corpus: list[str], device: str) -> None:
    from transformers import (
        Qwen2_5_VLConfig,
        Qwen2_5_VLForConditionalGeneration,
        Qwen2_5_VLProcessor,
        Qwen2VLImageProcessor,
    )
    from transformers.models.qwen2_vl.video_processing_qwen2_vl import Qwen2VLVideoProcessor

    tokenizer = train_tokenizer(corpus, spec["tokenizer_vocab"], QWEN_SPECIAL, "<|im_end|>", QWEN_TEMPLATE)
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in QWEN_SPECIAL}
    text = {
        "vocab_size": spec["vocab"],
        "max_position_embeddings": 32768,
        "rope_parameters": {"rope_type": "default", "rope_theta": 1e6, "mrope_section": [16, 24, 24]},
        "bos_token_id": ids["<|endoftext|>"],
        "eos_token_id": ids["<|im_end|>"],
        "pad_token_id": ids["<|endoftext|>"],
        **spec["text"],
    }
    config = Qwen2_5_VLConfig(
        text_config=text,
        vision_config={"fullatt_block_indexes": [7, 15, 23, 31], "window_size": 112, **spec["vision"]},
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
        tie_word_embeddings=spec["text"].get("tie_word_embeddings", False),
    )
    _init_and_save(Qwen2_5_VLForConditionalGeneration, config, directory, device)
    # Qwen2.5-VL's default pixel budget per image (max 12.8 M pixels) would turn a 300 dpi crop into thousands
    # of tokens; 1 M pixels per image is what deployments set (vLLM --mm-processor-kwargs max_pixels).
    image_processor = Qwen2VLImageProcessor(min_pixels=3136, max_pixels=1_003_520)
    Qwen2_5_VLProcessor(
        image_processor=image_processor,
        tokenizer=tokenizer,
        video_processor=Qwen2VLVideoProcessor(),
        chat_template=QWEN_TEMPLATE,
    ).save_pretrained(directory)
    _set_generation(directory, ids["<|im_end|>"], ids["<|endoftext|>"])


def _set_generation(directory: Path, eos: int, pad: int) -> None:
    import json

    path = directory / "generation_config.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data.update({"eos_token_id": eos, "pad_token_id": pad, "do_sample": False})
    path.write_text(json.dumps(data, indent=2))
