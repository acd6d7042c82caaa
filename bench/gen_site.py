#!/usr/bin/env python3
"""Writes a deterministic blog of N posts into DIR/content, for benchmarks.

Each post is about 4 KB of mixed English and Chinese Markdown with headings, a YAML code block,
a table, three tags and a category: the shape of a real bilingual developer blog.

    bench/gen_site.py 10000 /tmp/site
"""

import random
import sys
from pathlib import Path

ENGLISH = (
    "service mesh gateway cluster latency observability tracing sidecar proxy policy "
    "community release upstream contributor maintainer workload container kernel network "
    "storage scheduler runtime operator controller manifest rollout canary telemetry budget"
).split()
CHINESE = "云原生社区服务网格可观测性容器编排开源贡献者维护版本发布流量治理安全策略性能优化分布式系统架构演进实践经验分享"
TAGS = [f"topic-{i}" for i in range(200)] + ["cloud native", "反向代理", "服务网格", "kubernetes"]
CATEGORIES = ["Engineering", "Community", "Notes", "Talks", "云原生"]


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.35:
        n = rng.randint(18, 40)
        return "".join(rng.choice(CHINESE) for _ in range(n)) + "。"
    words = [rng.choice(ENGLISH) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def post(i: int, rng: random.Random) -> str:
    day = i % 28 + 1
    month = (i // 28) % 12 + 1
    year = 2015 + (i // 336) % 10
    tags = rng.sample(TAGS, 3)
    body = [paragraph(rng), "", paragraph(rng), "", "## Background", "", paragraph(rng), ""]
    body += [
        "```yaml",
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        f"  name: service-{i}",
        "spec:",
        "  ports:",
        f"    - port: {8000 + i % 1000}",
        "```",
        "",
        "## Results",
        "",
        "| metric | before | after |",
        "|---|---:|---:|",
        f"| p50 latency | {rng.randint(10, 99)} ms | {rng.randint(1, 9)} ms |",
        f"| p99 latency | {rng.randint(100, 999)} ms | {rng.randint(10, 99)} ms |",
        "",
        paragraph(rng),
        "",
        "### 总结",
        "",
        paragraph(rng),
        "",
        paragraph(rng),
    ]
    front = [
        "---",
        f'title: "Post {i}: {rng.choice(ENGLISH)} {rng.choice(ENGLISH)}"',
        f"date: {year:04d}-{month:02d}-{day:02d}T{i % 24:02d}:{i % 60:02d}:00+08:00",
        f"tags: [{', '.join(repr(t) for t in tags)}]",
        f"categories: [{rng.choice(CATEGORIES)!r}]",
        f'description: "Post number {i}"',
        "---",
        "",
    ]
    return "\n".join(front + body) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, root = int(sys.argv[1]), Path(sys.argv[2])
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (root / "content" / "_index.md").write_text("---\ntitle: Bench\n---\n", encoding="utf-8")
    for i in range(count):
        rng = random.Random(i)
        (posts / f"post-{i:06d}.md").write_text(post(i, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
