/**
 * The body of the Dask script `descent export dask` writes (dask.ts puts the notebook's tasks
 * above it): Python 3, needing only the `distributed` package on the machine that runs it and on
 * the workers. Kept as text here so the script is one self-contained file.
 */
export const DASK_RUNNER = String.raw`import argparse
import asyncio
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import uuid


def settled(task, output):
    """The state run-cell settled the cell in when it did not succeed, and the attempt it counted."""
    pattern = r"\(%s\): (failed|upstream_failed) in \d+ ms, attempt (\d+), key [0-9a-f]{16}" % re.escape(task["cell"])
    found = re.findall(pattern, output)
    return (found[-1][0], int(found[-1][1])) if found else (None, 0)


def run_cell(task, command, *upstream):
    """On a worker: one attempt of one cell, "descent run-cell" in a subprocess.

    A failed attempt raises, so that Dask tries the cell again (retries=), until the artifact
    store has counted the cell's retries + 1 attempts; then the failure is settled like an
    upstream failure: returned, not raised, so the cells below still run as "descent run" runs
    them (a select cell takes what succeeded, the others record upstream_failed).
    """
    from distributed import get_worker

    worker = str(get_worker().name)
    print("descent: %s started on %s" % (task["task"], worker), flush=True)
    started = time.time()
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError as error:
        raise RuntimeError("cannot run %r on %s: %s; every worker needs descent on its PATH, or pass --descent with the command that runs it there (e.g. --descent \"npx descent\")" % (command[0], worker, error.strerror or error)) from None
    result = {"task": task["task"], "state": "success", "worker": worker, "started": started, "ended": time.time()}
    if completed.returncode == 0:
        return result
    state, attempt = settled(task, completed.stdout) if completed.returncode == 1 else (None, 0)
    if state == "upstream_failed" or (state == "failed" and attempt > task["retries"]):
        return dict(result, state=state)
    # Dask has no retry delay: wait it here, so the next attempt starts no sooner.
    time.sleep(task["retry_delay"])
    raise RuntimeError("%s failed on %s (exit %d): %s" % (task["task"], worker, completed.returncode, completed.stdout[-2000:].strip()))


def parse_arguments():
    parser = argparse.ArgumentParser(description="Runs the notebook on a Dask cluster, one task per cell.")
    parser.add_argument("scheduler", help="the scheduler's address, e.g. tcp://127.0.0.1:8786")
    parser.add_argument("--notebook", default=NOTEBOOK, help="the notebook file as the workers see it (default: %(default)s)")
    parser.add_argument("--artifacts", default=ARTIFACTS, help="the artifact directory every worker shares (default: %(default)s)")
    parser.add_argument("--data", action="append", default=[], metavar="NAME=FILE", help="bind a CSV file to a dataset, as descent run does")
    parser.add_argument("--model", action="append", default=[], metavar="NAME[@REF]=FILE", help="bind a JSON model export to the predict cells of model NAME, as descent run does%s" % (" (needed: %s)" % ", ".join(NEEDED_MODELS) if NEEDED_MODELS else ""))
    parser.add_argument("--descent", default="descent", help="the command that runs descent on the workers (default: %(default)s)")
    parser.add_argument("--out", help="also write the summary as JSON to this file")
    parser.add_argument("--timeout", type=float, default=None, help="give up after this many seconds")
    parser.add_argument("--connect-timeout", type=float, default=30, help="seconds to wait for the scheduler (default: %(default)s)")
    args = parser.parse_args()
    for binding in args.data:
        name, equals, path = binding.partition("=")
        if not equals or not name or not path:
            parser.error("--data expects NAME=FILE, got %r" % binding)
        if name not in DATASETS:
            parser.error("--data %s=...: the notebook has no dataset cell named %r (it has: %s)" % (name, name, ", ".join(DATASETS) or "none"))
    for binding in args.model:
        key, equals, path = binding.partition("=")
        if not equals or not key or not path:
            parser.error("--model expects NAME=FILE (or NAME@REF=FILE), got %r" % binding)
        names = sorted(set(known.split("@")[0] for known in MODELS))
        if key.split("@")[0] not in names:
            parser.error("--model %s=...: the notebook has no predict cell of model %r, nor a register cell gated on it (it has: %s)" % (key, key.split("@")[0], ", ".join(names) or "none"))
    bound = set(binding.partition("=")[0] for binding in args.model)
    unbound = [key for key in NEEDED_MODELS if key not in bound and not ("@" not in key and any(name.split("@")[0] == key for name in bound))]
    if unbound:
        parser.error("the predict cells need their models (a Dask run has no registry): pass %s" % " ".join("--model %s=FILE.json" % key for key in unbound))
    if args.timeout is not None and args.timeout <= 0:
        parser.error("--timeout expects a number of seconds > 0")
    problem = args.out and output_problem(args.out)
    if problem:
        parser.error("--out %s: %s" % (args.out, problem))
    try:
        args.descent = shlex.split(args.descent)
    except ValueError as error:
        parser.error("--descent: %s" % error)
    if not args.descent:
        parser.error("--descent must name a command")
    return args


def output_problem(path):
    """Why the file at path cannot be written (as descent run checks --out), or None: asked before any task runs."""
    full = os.path.abspath(path)
    if os.path.isdir(full):
        return "is a directory, not a file"
    if os.path.exists(full):
        return None if os.access(full, os.W_OK) else "cannot write: permission denied"
    folder = os.path.dirname(full)
    above = folder
    while not os.path.exists(above) and os.path.dirname(above) != above:
        above = os.path.dirname(above)
    if os.path.exists(above) and not os.path.isdir(above):
        return "cannot write: %s is a file, not a folder" % above
    if above != folder:
        return "the folder %s does not exist" % folder
    return None if os.access(folder, os.W_OK | os.X_OK) else "cannot write: permission denied in the folder %s" % folder


def store_summary(args, data):
    """The run as "descent run" reports it, read back from the artifact store (descent summary --json)."""
    command = args.descent + ["summary", args.notebook, "--artifacts", args.artifacts, "--json"] + data
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise SystemExit("descent: cannot run %r here to read the summary: %s; put descent on the PATH or pass --descent with the command that runs it (e.g. --descent \"npx descent\")" % (command[0], error.strerror or error))
    try:
        return json.loads(completed.stdout)
    except ValueError:
        raise SystemExit("descent summary could not read the run from %s (exit %d): %s" % (args.artifacts, completed.returncode, completed.stderr.strip()))


def summary_value(value):
    if isinstance(value, float):
        return "%.4g" % value
    return str(value)


def print_report(report):
    cells = report.get("cells", [])
    width = max([5] + [len(cell["title"]) for cell in cells])
    print("%s (%s)" % (report.get("notebook"), report.get("file")))
    for cell in cells:
        metrics = " ".join("%s=%s" % (key, summary_value(value)) for key, value in cell.get("summary", {}).items())
        detail = metrics if cell["state"] == "success" else (cell.get("error") or "")
        print("  %s  %-15s %-12s %s" % (cell["title"].ljust(width), cell["state"], cell.get("worker") or "-", detail))
    failed = [cell for cell in cells if cell["state"] != "success"]
    print("all %d cells succeeded" % len(cells) if not failed else "%d of %d cells did not succeed" % (len(failed), len(cells)))


def main():
    args = parse_arguments()
    from distributed import Client, wait

    data = []
    for binding in args.data:
        name, _, path = binding.partition("=")
        data += ["--data", "%s=%s" % (name, os.path.abspath(path))]
    for binding in args.model:
        key, _, path = binding.partition("=")
        data += ["--model", "%s=%s" % (key, os.path.abspath(path))]
    args.notebook = os.path.abspath(args.notebook)
    args.artifacts = os.path.abspath(args.artifacts)
    try:
        client = Client(args.scheduler, timeout=args.connect_timeout)
    except (OSError, TimeoutError, asyncio.TimeoutError) as error:
        print("descent: cannot reach the Dask scheduler at %s: %s" % (args.scheduler, error), file=sys.stderr)
        return 1
    run = uuid.uuid4().hex[:8]
    futures = {}
    for task in TASKS:
        command = args.descent + ["run-cell", args.notebook, "--cell", task["cell"], "--artifacts", args.artifacts] + data + task["arguments"]
        upstream = [futures[name] for name in task["upstream"]]
        futures[task["task"]] = client.submit(
            run_cell, task, command, *upstream, key="descent-%s-%s" % (task["task"], run), retries=task["retries"], pure=False
        )
    started = time.time()
    deadline = None if args.timeout is None else started + args.timeout
    names = {future.key: task for task, future in futures.items()}
    ran = {}
    pending = list(futures.values())
    while pending:
        remaining = None if deadline is None else max(0.01, deadline - time.time())
        try:
            done, not_done = wait(pending, timeout=remaining, return_when="FIRST_COMPLETED")
        except (TimeoutError, asyncio.TimeoutError):
            print("descent: the run did not finish within %g s; %d tasks left" % (args.timeout, len(pending)), file=sys.stderr)
            break
        pending = list(not_done)
        for future in done:
            name = names[future.key]
            if future.status == "finished":
                ran[name] = future.result()
                print("descent: %s %s on %s in %.1f s" % (name, ran[name]["state"], ran[name]["worker"], ran[name]["ended"] - ran[name]["started"]), flush=True)
            else:
                print("descent: %s did not succeed: %s" % (name, future.exception()), flush=True)
    client.close()

    report = store_summary(args, data)
    by_cell = {}
    for task in TASKS:
        by_cell.setdefault(task["cell"], []).append(task)
    for cell in report.get("cells", []):
        tasks = by_cell.get(cell["id"], [])
        final = [task for task in tasks if task["role"] != "shard"]
        if final and final[0]["task"] in ran:
            cell["worker"] = ran[final[0]["task"]]["worker"]
        shards = [ran[task["task"]]["worker"] for task in tasks if task["role"] == "shard" and task["task"] in ran]
        if shards:
            cell["shardWorkers"] = shards
    report["engine"] = "dask"
    report["scheduler"] = args.scheduler
    report["durationMs"] = round((time.time() - started) * 1000)
    ok = len(ran) == len(TASKS) and all(cell.get("state") == "success" for cell in report.get("cells", []))
    report["ok"] = ok
    print_report(report)
    if args.out:
        # Checked before the run; a write that still fails (a full disk) is one line, not a traceback.
        try:
            with open(args.out, "w", encoding="utf-8") as file:
                json.dump(report, file, indent=2)
                file.write("\n")
        except OSError as error:
            print("descent: --out %s: cannot write: %s; the summary was not written" % (args.out, error.strerror or error), file=sys.stderr)
            return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
`;
