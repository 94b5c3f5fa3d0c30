"""S3-compatible storage: upload the files whose content changed, delete the ones gone
(every object under the prefix that the site has no file for, unless ``delete: false``).

A file is unchanged when the object's ETag is the MD5 of the local file (what S3 and its
compatibles give a single-part upload, the only kind made here) and its kind of file's
object has the headers it would be given (``_stale_headers``).  Credentials come from
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
        session = boto3.session.Session()  # the settings as they are now, not those a session read before
        client = session.client("s3", endpoint_url=target.get("endpoint_url"), region_name=target.get("region"))
        remote = _remote_etags(client, bucket, prefix)
        local = site_files(output_dir)
        same = [file for file in local if remote.get(prefix + file.path) == file.md5]
        stale = _stale_headers(client, bucket, prefix, same, target)
        changed = [file for file in local if remote.get(prefix + file.path) != file.md5 or file in stale]
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
        raise DeployError(f"{target.name}: s3://{bucket}/{prefix}: {error}{_hint(error)}") from None
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


def _hint(error: Exception) -> str:
    from botocore.exceptions import NoCredentialsError

    if isinstance(error, NoCredentialsError):
        return ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile of ~/.aws/credentials"
    return ""


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


def _cache_control(file: SiteFile, target: DeployTarget) -> str:
    return file.cache_control(
        target.get("html_cache_control", PAGE_CACHE_CONTROL), target.get("cache_control", ASSET_CACHE_CONTROL)
    )


def _stale_headers(client: Any, bucket: str, prefix: str, same: list[SiteFile], target: DeployTarget) -> set[SiteFile]:
    """The files whose object has their content but other headers than they get now
    (``cache_control`` changed in digest.yaml, a type digest's table gives otherwise now).
    The files of one type and Cache-Control were uploaded with the same headers: the object
    of each kind uploaded last (an upload cut off left the first ones new) is asked for its
    headers, and a kind whose object has others is uploaded again whole.  A header the
    storage does not give back is not compared (it keeps no such header), nor are any when a
    deploy user may not read objects (no s3:GetObject, which S3 asks for their headers)."""
    from botocore.exceptions import ClientError

    kinds: dict[tuple[str, str], list[SiteFile]] = {}
    for file in sorted(same, key=lambda file: file.is_page):  # in the order of the uploads
        kinds.setdefault((file.content_type, _cache_control(file, target)), []).append(file)
    stale: set[SiteFile] = set()
    for wanted, files in kinds.items():
        try:
            head = client.head_object(Bucket=bucket, Key=prefix + files[-1].path)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("403", "AccessDenied", "Forbidden"):
                return set()
            raise
        given = (head.get("ContentType"), head.get("CacheControl"))
        if any(got is not None and _plain(got) != _plain(want) for got, want in zip(given, wanted, strict=True)):
            stale.update(files)
    return stale


def _plain(header: str) -> str:
    """A header's value as storages may give it back: without spaces, in lower case."""
    return "".join(header.split()).lower()


def _upload(client: Any, bucket: str, prefix: str, file: SiteFile, target: DeployTarget) -> None:
    with open(file.source, "rb") as body:
        client.put_object(
            Bucket=bucket,
            Key=prefix + file.path,
            Body=body,
            ContentType=file.content_type,
            CacheControl=_cache_control(file, target),
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
