"""Builds a tiny, randomly initialised Idefics3 (SmolVLM architecture) model directory for tests.

No weights are ever downloaded.

The directory has everything a real local model directory has — config, safetensors weights, a fast byte-level
BPE tokenizer trained on a few strings, a chat template and the image processor config — so the transformers
backend loads it exactly as it would load SmolVLM-Instruct from `DOCEXTRACT_VLM_MODEL_PATH`. Idefics3 is used
rather than Qwen2-VL because its processor needs no torchvision (Qwen2-VL's video processor does).
"""

from __future__ import annotations

from pathlib import Path

SPECIAL_TOKENS = [
    "<|endoftext|>",
    "<end_of_utterance>",
    "<fake_token_around_image>",
    "<image>",
    "<global-img>",
    *[f"<row_{i}_col_{j}>" for i in range(1, 7) for j in range(1, 7)],
]

# Idefics3 / SmolVLM chat layout: "User:<image>text<end_of_utterance>\nAssistant:".
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ message['role'] | capitalize }}:"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}<image>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}<end_of_utterance>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}Assistant:{% endif %}"
)

_CORPUS = [
    '{"vendor_name": null, "invoice_number": "INV-1042", "total": "1234.50", "currency": "EUR"}',
    '"invoice_date": "2024-03-15", "due_date": "2024-04-14", "line_items": [], "citations": {}',
    "Invoice number date total subtotal tax VAT amount quantity unit price description customer vendor",
    "p1-l12 [10.0, 20.0, 300.0, 40.0] Total due 1,234.50 EUR",
    "0123456789 .,:;-+/ ()[]{} true false null",
]


def _train_tokenizer(vocab_size: int = 400):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_CORPUS * 4, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<end_of_utterance>",
        pad_token="<|endoftext|>",
        additional_special_tokens=SPECIAL_TOKENS[1:],
    )
    fast.chat_template = CHAT_TEMPLATE
    return fast


def build_tiny_vlm(directory: Path, seed: int = 0) -> Path:
    """Write a ~1 MB random Idefics3 (1 text layer, 1 vision layer) with its processor to `directory`."""
    import torch
    from transformers import (
        Idefics3Config,
        Idefics3ForConditionalGeneration,
        Idefics3ImageProcessor,
        Idefics3Processor,
    )

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = _train_tokenizer()
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}
    image_size, patch_size, scale_factor = 56, 14, 2
    config = Idefics3Config(
        text_config={
            "model_type": "llama",
            "vocab_size": len(tokenizer),
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 1,
            "num_attention_heads": 2,
            "num_key_value_heads": 1,
            "max_position_embeddings": 8192,
            "bos_token_id": ids["<|endoftext|>"],
            "eos_token_id": ids["<end_of_utterance>"],
            "pad_token_id": ids["<|endoftext|>"],
        },
        vision_config={
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 1,
            "num_attention_heads": 2,
            "image_size": image_size,
            "patch_size": patch_size,
        },
        scale_factor=scale_factor,
        image_token_id=ids["<image>"],
        pad_token_id=ids["<|endoftext|>"],
    )
    torch.manual_seed(seed)
    model = Idefics3ForConditionalGeneration(config).eval()
    model.generation_config.eos_token_id = ids["<end_of_utterance>"]
    model.generation_config.pad_token_id = ids["<|endoftext|>"]
    model.save_pretrained(directory)
    # One 56x56 tile per image (no splitting) keeps the vision sequence at 4 tokens so a CPU test stays fast.
    image_processor = Idefics3ImageProcessor(
        size={"longest_edge": image_size},
        max_image_size={"longest_edge": image_size},
        do_image_splitting=False,
    )
    image_seq_len = (image_size // patch_size) ** 2 // scale_factor**2
    processor = Idefics3Processor(
        image_processor=image_processor,
        tokenizer=tokenizer,
        image_seq_len=image_seq_len,
        chat_template=CHAT_TEMPLATE,
    )
    processor.save_pretrained(directory)
    return directory


if __name__ == "__main__":  # pragma: no cover - manual helper
    import sys

    print(build_tiny_vlm(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tinyvlm")))
