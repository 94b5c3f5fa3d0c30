"""S3-compatible storage: upload the files whose content changed, delete the ones gone
(every object under the prefix that the site has no file for, unless ``delete: false``).

A file is unchanged when the object's ETag is the MD5 of the local file (what S3 and its
compatibles give a single-part upload, the only kind made here).  Credentials come from
boto3's usual places (environment, ``~/.aws/``, an instance role), never from digest.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from digest.config import DeployTarget
from digest.deploy import DeployError, DeployReport
from digest.deploy.files import ASSET_CACHE_CONTROL, PAGE_CACHE_CONTROL, SiteFile, site_files

_DELETE_BATCH = 1000  # the most keys one DeleteObjects call takes


def deploy_to_s3(target: DeployTarget, output_dir: Path, dry_run: bool = False) -> DeployReport:
    boto3 = _boto3(target)
    bucket = target.get("bucket")
    prefix = _prefix(target.get("prefix", ""))
    try:
        # (boto3 reads its settings as it makes the client: an AWS_PROFILE it has not, a ~/.aws/config it cannot parse)
        client = boto3.client("s3", endpoint_url=target.get("endpoint_url"), region_name=target.get("region"))
        remote = _remote_etags(client, bucket, prefix)
        local = site_files(output_dir)
        changed = [file for file in local if remote.get(prefix + file.path) != file.md5]
        gone = sorted(set(remote) - {prefix + file.path for file in local}) if target.get("delete", True) else []
        report = DeployReport(target.name, [file.path for file in changed], [key[len(prefix) :] for key in gone])
        report.unchanged, report.dry_run = len(local) - len(changed), dry_run
        report.note = f"s3://{bucket}/{prefix}"
        if not dry_run:
            # The files pages show first, then the pages: a page is never live before its photo.
            for file in sorted(changed, key=lambda file: file.is_page):
                _upload(client, bucket, prefix, file, target)
            _delete(client, bucket, gone)
    except _client_errors() as error:
        raise DeployError(f"{target.name}: s3://{bucket}/{prefix}: {error}") from None
    except DeployError as error:
        raise DeployError(f"{target.name}: s3://{bucket}/{prefix}: {error}") from None
    return report


def _boto3(target: DeployTarget) -> Any:
    try:
        import boto3
    except ImportError:
        raise DeployError(
            f"{target.name}: deploying to S3 needs boto3: pip install 'digest[deploy]' (or pip install boto3)"
        ) from None
    return boto3


def _client_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def _prefix(prefix: str) -> str:
    prefix = prefix.strip("/")
    return f"{prefix}/" if prefix else ""


def _remote_etags(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    """Every object under ``prefix`` with its ETag, unquoted (a multipart ETag never matches an MD5)."""
    etags: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags


def _upload(client: Any, bucket: str, prefix: str, file: SiteFile, target: DeployTarget) -> None:
    cache_control = file.cache_control(
        target.get("html_cache_control", PAGE_CACHE_CONTROL), target.get("cache_control", ASSET_CACHE_CONTROL)
    )
    with open(file.source, "rb") as body:
        client.put_object(
            Bucket=bucket,
            Key=prefix + file.path,
            Body=body,
            ContentType=file.content_type,
            CacheControl=cache_control,
        )


def _delete(client: Any, bucket: str, keys: list[str]) -> None:
    """Delete ``keys``; a key the storage refused to delete (a deploy user without
    s3:DeleteObject) is an error naming it: S3 says so in the answer, not as a failure."""
    refused: list[str] = []
    for start in range(0, len(keys), _DELETE_BATCH):
        batch = [{"Key": key} for key in keys[start : start + _DELETE_BATCH]]
        answer = client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        refused += [f"{error.get('Key')} ({error.get('Code')})" for error in answer.get("Errors") or ()]
    if refused:
        shown = ", ".join(refused[:5]) + (f" and {len(refused) - 5} more" if len(refused) > 5 else "")
        raise DeployError(f"could not delete {len(refused)} object(s): {shown}")
