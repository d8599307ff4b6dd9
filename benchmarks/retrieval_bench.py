"""Indexing throughput and hybrid query latency at 1k, 10k and 100k chunks.

Writes a synthetic bilingual corpus (80% English, 20% Chinese passages built from templates, cities and
numbers; one chunk per section) and indexes it with the real `index-tools` build path (load, chunk, alias
scan, embed with the configured model, upsert into a persistent Chroma store), growing the same index from
one size to the next. At each size a fresh Retriever is opened (BM25 built from the collection) and timed,
then queries are timed end to end (query embedding, Chroma, BM25, fusion). "per CPU-s" divides the chunks
added by the build's CPU time, its embedding worker processes included: what one free core would index.

Usage: .venv/bin/python benchmarks/retrieval_bench.py [--sizes 1000,10000,100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.config import Settings
from assistant.retrieval import get_embedder
from assistant.retrieval.hybrid import Retriever
from index_tools.builder import build_index

SECTIONS_PER_FILE = 10
CITIES = [
    ("Singapore", "新加坡"), ("London", "伦敦"), ("New York", "纽约"), ("Shanghai", "上海"), ("Beijing", "北京"),
    ("Hong Kong", "香港"), ("Shenzhen", "深圳"), ("Tokyo", "东京"), ("Paris", "巴黎"), ("Seoul", "首尔"),
    ("Hangzhou", "杭州"), ("Sydney", "悉尼"), ("Chicago", "芝加哥"), ("Boston", "波士顿"), ("Dubai", "迪拜"),
]  # fmt: skip
TOPICS_EN = [
    "fintech venture funding", "digital payments volume", "fintech talent pool", "regulatory sandbox activity",
    "insurtech start-ups", "wealth management platforms", "cross-border payments", "listed fintech companies",
    "AI adoption in banks", "green finance products", "open banking APIs", "credit scoring models",
]  # fmt: skip
TOPICS_ZH = [
    "金融科技风险投资", "数字支付规模", "金融科技人才储备", "监管沙盒项目", "保险科技初创企业", "财富管理平台",
    "跨境支付", "上市金融科技企业", "银行人工智能应用", "绿色金融产品", "开放银行接口", "信用评分模型",
]  # fmt: skip


def passage(rng: random.Random, chinese: bool) -> tuple[str, str]:
    """A (heading, text) pair of about 300-600 characters."""
    city, city_zh = rng.choice(CITIES)
    other, other_zh = rng.choice(CITIES)
    year = rng.randint(2015, 2025)
    amount, share, rank = round(rng.uniform(0.1, 60), 1), rng.randint(5, 80), rng.randint(1, 30)
    if chinese:
        topic = rng.choice(TOPICS_ZH)
        text = (
            f"{year}年{city_zh}的{topic}达到{amount}亿美元，同比增长{share}%，在全球城市中排名第{rank}位。"
            f"报告指出，{city_zh}与{other_zh}在{topic}方面的差距正在缩小，监管环境和人才供给是主要原因。"
            f"分析人士预计，未来三年{city_zh}的{topic}仍将保持较快增长，但增速可能放缓。"
        )
        return f"{city_zh}{topic}（{year}）", text
    topic = rng.choice(TOPICS_EN)
    text = (
        f"In {year}, {topic} in {city} reached {amount} billion USD, up {share}% on the previous year, "
        f"placing the city {rank} among global hubs. The report notes that the gap between {city} and {other} "
        f"on {topic} is narrowing, helped by regulation and the supply of skilled staff. Analysts expect "
        f"{topic} in {city} to keep growing over the next three years, although more slowly than before."
    )
    return f"{city}: {topic} ({year})", text


def write_files(reports: Path, start: int, count: int, rng: random.Random) -> None:
    """Files ``start`` .. ``start + count - 1`` of the synthetic corpus."""
    for number in range(start, start + count):
        chinese = number % 5 == 0
        sections = [passage(rng, chinese) for _ in range(SECTIONS_PER_FILE)]
        body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections)
        front = f"---\nid: synthetic-{number}\nlanguage: {'zh' if chinese else 'en'}\npublished: 2024\n---\n"
        (reports / f"synthetic-{number:06d}.md").write_text(f"{front}\n# Report {number}\n\n{body}\n", "utf-8")


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the build's embedding workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def queries(rng: random.Random, n: int) -> list[str]:
    found = []
    for i in range(n):
        city, city_zh = rng.choice(CITIES)
        if i % 4 == 3:
            found.append(f"{city_zh}的{rng.choice(TOPICS_ZH)}是多少？")
        else:
            found.append(f"How large was {rng.choice(TOPICS_EN)} in {city} in {rng.randint(2015, 2025)}?")
    return found


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="chunk counts, ascending")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per size")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        reports = root / "corpus" / "reports"
        reports.mkdir(parents=True)
        settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus")
        get_embedder(settings.embedding_model)  # load the model outside the timed builds
        print(f"embedding model: {settings.embedding_model}; chunk_chars {settings.chunk_chars}")
        print(
            "| chunks | chunks added | build s | indexed chunks/s | per CPU-s | open s | query p50 ms | query p95 ms |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        files = 0
        for size in sizes:
            wanted = size // SECTIONS_PER_FILE
            write_files(reports, files, wanted - files, rng)
            files = wanted
            cpu = cpu_seconds()
            report = build_index(settings)
            cpu = cpu_seconds() - cpu
            started = time.perf_counter()
            retriever = Retriever(settings)
            opened = time.perf_counter() - started
            timed = queries(rng, args.queries)
            for query in timed[:10]:
                retriever.search(query, k=5)
            latencies = []
            for query in timed:
                started = time.perf_counter()
                retriever.search(query, k=5)
                latencies.append((time.perf_counter() - started) * 1000)
            print(
                f"| {report.chunks} | {report.added} | {report.seconds:.1f} | {report.added / report.seconds:.0f} "
                f"| {report.added / cpu:.0f} | {opened:.2f} | {percentile(latencies, 50):.1f} "
                f"| {percentile(latencies, 95):.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
