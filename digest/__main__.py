"""The ``digest`` command's entry point (also ``python -m digest``)."""

import sys


def main() -> None:
    """Run the command; an interrupt while its modules load ends it as one later does."""
    try:
        from digest.cli import run
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
