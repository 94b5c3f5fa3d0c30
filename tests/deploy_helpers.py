"""Deploy targets on this machine: a bare git repository and an S3 server (moto) on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def s3_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 with a bucket named 'site'; yields its endpoint URL."""
    import boto3
    from moto.server import ThreadedMotoServer

    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    # moto keeps its buckets in the process: start each test from an empty store
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10).close()
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="site")
    try:
        yield endpoint
    finally:
        server.stop()


def s3_objects(endpoint: str, bucket: str = "site") -> dict[str, dict[str, Any]]:
    """Every object in the bucket: key -> its headers (ContentType, CacheControl) and body."""
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    found = {}
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        got = client.get_object(Bucket=bucket, Key=item["Key"])
        found[item["Key"]] = {"ContentType": got["ContentType"], "CacheControl": got.get("CacheControl"),
                              "Body": got["Body"].read()}  # fmt: skip
    return found


def bare_repository(path: Path) -> Path:
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def git(repository: Path, *args: str) -> str:
    done = subprocess.run(["git", "--git-dir", str(repository), *args], capture_output=True, text=True, check=True)
    return done.stdout
