#!/usr/bin/env python3
"""Every .py config under a folder: mmengine's Config.fromfile(...).to_dict() against our dump.

    python3 benches/config_corpus.py CONFIGS_DIR [--dump BINARY] [--show N] [--list-refused]

Our side is `cargo run -p mmconfig --example dump -- CONFIG --format json` (the same calls as
`mmreg dump --format json`), run as a built binary (`--dump`, default
$CARGO_TARGET_DIR/debug/examples/dump, else target/debug/examples/dump). mmengine's side is
`Config.fromfile(path, import_custom_modules=False).to_dict()`: the config as data, without
importing the toolbox it names (which is not installed here). mmengine is a cross-check tool
only; install it in a venv (`pip install mmengine`). Counts:

- equal: the same JSON value (tuples are lists and dict keys are text, as JSON writes them;
  key order, ints against floats and bools against ints all count);
- refused: our reader gave an error (the first line of each is listed with --list-refused);
- differ: both loaded, the values differ (the first difference of the first N is shown);
- crashed: our binary panicked, was killed, or ran over 20 s;
- mmengine cannot load: Config.fromfile raised (ours is not judged there).
"""

import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_dump():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "debug", "examples", "dump")


def mmengine_value(path):
    """mmengine's value as JSON text would hold it, or the exception's one-line text."""
    from mmengine.config import Config

    try:
        value = Config.fromfile(path, import_custom_modules=False).to_dict()
        # Objects JSON cannot write are marked, so they differ instead of vanishing.
        text = json.dumps(value, default=lambda o: f"<python object {o!r}>")
        return json.loads(text), None
    except Exception as error:  # noqa: BLE001 - any failure means "cannot load"
        return None, f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"


def our_value(binary, path):
    """('ok', value) | ('refused', message) | ('crashed', message)."""
    try:
        run = subprocess.run([binary, path, "--format", "json"], capture_output=True,
                             text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "crashed", "over 20 s"
    if run.returncode == 0:
        return "ok", json.loads(run.stdout)
    if run.returncode == 1 and "panicked" not in run.stderr:
        return "refused", run.stderr.strip().splitlines()[0] if run.stderr.strip() else "?"
    return "crashed", f"exit {run.returncode}: {run.stderr.strip()[-300:]}"


def difference(path, ours, theirs):
    """The first difference, strict about types and key order, or None."""
    if type(ours) is not type(theirs):
        return f"{path or '<root>'}: ours {ours!r} ({type(ours).__name__}) != mmengine {theirs!r}"
    if isinstance(ours, dict):
        if list(ours) != list(theirs):
            only_ours = [k for k in ours if k not in theirs]
            only_theirs = [k for k in theirs if k not in ours]
            what = f"only ours {only_ours}, only mmengine {only_theirs}" \
                if only_ours or only_theirs else f"order {list(ours)} != {list(theirs)}"
            return f"{path or '<root>'}: keys: {what}"
        for key in ours:
            found = difference(f"{path}.{key}" if path else key, ours[key], theirs[key])
            if found:
                return found
        return None
    if isinstance(ours, list):
        if len(ours) != len(theirs):
            return f"{path}: {len(ours)} items != mmengine {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            found = difference(f"{path}[{i}]", a, b)
            if found:
                return found
        return None
    return None if ours == theirs else f"{path}: ours {ours!r} != mmengine {theirs!r}"


def configs_under(folder):
    for dirpath, _, names in sorted(os.walk(folder)):
        for name in sorted(names):
            if name.endswith(".py") and name != "__init__.py":
                yield os.path.join(dirpath, name)


def compare(folder, binary):
    """{category: [(path, detail)]} over every config of `folder`."""
    results = collections.defaultdict(list)
    for path in configs_under(folder):
        theirs, error = mmengine_value(path)
        status, ours = our_value(binary, path)
        if status == "crashed":
            results["crashed"].append((path, ours))
        elif error is not None:
            results["mmengine cannot load"].append((path, error))
        elif status == "refused":
            results["refused"].append((path, ours))
        else:
            found = difference("", ours, theirs)
            results["differ" if found else "equal"].append((path, found))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", help="a folder of configs, e.g. mmpose's configs/")
    parser.add_argument("--dump", default=default_dump(), help="our dump binary")
    parser.add_argument("--show", type=int, default=10, help="differences to show")
    parser.add_argument("--list-refused", action="store_true", help="every refusal")
    args = parser.parse_args()
    try:
        import mmengine
    except ImportError:
        print("mmengine is not installed; `pip install mmengine` in a venv, then run again.")
        return 0
    if not os.path.exists(args.dump):
        print(f"no dump binary at {args.dump}; build it: cargo build -p mmconfig --example dump")
        return 2
    import logging
    logging.disable(logging.WARNING)
    results = compare(args.configs, args.dump)
    print(f"mmengine {mmengine.__version__}, {args.configs}")
    for category in ["equal", "refused", "differ", "crashed", "mmengine cannot load"]:
        print(f"  {category:22}{len(results[category]):5}")
    for category, limit in [("crashed", None), ("differ", args.show),
                            ("refused", None if args.list_refused else args.show),
                            ("mmengine cannot load", args.show)]:
        for path, detail in results[category][:limit]:
            print(f"{category}: {os.path.relpath(path, args.configs)}\n    {detail}")
    return 1 if results["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())
