#!/usr/bin/env python3
"""Runs demo-services/Dockerfile as closely as a machine without a Docker engine allows.

The build stage's COPY and RUN lines run as written, in a clean directory with an empty local Maven
repository (so nothing from this checkout's ~/.m2 can hide a missing artifact), with the Maven
version the build image has. The runtime stage's COPY --from lines then lay the classes and
dependencies out as the image would, and each docker-compose.yml service (backend, then frontend)
starts with the image's ENTRYPOINT and its compose environment (service hostnames point at
127.0.0.1). Its compose healthcheck must pass; then one checkout through the frontend must answer 200.

Usage: python3 scripts/check-dockerfile.py   (from the repository root; .ci/run runs it)
Exit status 0 when everything passed; the failing step is named otherwise.
"""
import glob
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DOCKERFILE = os.path.join(REPO, "demo-services", "Dockerfile")
COMPOSE = os.path.join(REPO, "docker-compose.yml")


def fail(step, detail=""):
    print(f"check-dockerfile: FAILED at {step}" + (f": {detail}" if detail else ""), flush=True)
    sys.exit(1)


def instructions(path):
    """(instruction, argument) pairs, line continuations joined, comments dropped."""
    result, pending = [], ""
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            line = pending + line
            pending = ""
            word, _, rest = line.strip().partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def stages(path):
    """{stage name: [(instruction, argument)]}, in order; the runtime stage is named 'final'."""
    named, current = {}, None
    for word, arg in instructions(path):
        if word == "FROM":
            parts = arg.split()
            current = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else "final"
            named[current] = [(word, arg)]
        elif current is not None:
            named[current].append((word, arg))
    return named


def maven_binary():
    found = glob.glob(os.path.expanduser("~/.m2/wrapper/dists/apache-maven-3.9.*/*/bin/mvn"))
    if not found:  # let the wrapper download the version it pins (the build image's)
        subprocess.run([os.path.join(REPO, "mvnw"), "-q", "--version"], cwd=REPO, check=True)
        found = glob.glob(os.path.expanduser("~/.m2/wrapper/dists/apache-maven-3.9.*/*/bin/mvn"))
    if not found:
        fail("locating Maven 3.9", "the wrapper did not install it")
    return found[0]


def run_build_stage(stage, root, repo_local):
    workdir = root
    shim = os.path.join(root, ".shim")
    os.makedirs(shim)
    with open(os.path.join(shim, "mvn"), "w") as f:
        f.write(f"#!/bin/sh\nexec {shlex.quote(maven_binary())} \"$@\"\n")
    os.chmod(os.path.join(shim, "mvn"), 0o755)
    env = dict(os.environ, PATH=shim + os.pathsep + os.environ["PATH"],
               MAVEN_OPTS=f"-Dmaven.repo.local={repo_local}")
    for word, arg in stage[1:]:
        if word == "WORKDIR":
            workdir = os.path.join(root, arg.lstrip("/"))
            os.makedirs(workdir, exist_ok=True)
        elif word == "COPY":
            src, dst = arg.split()
            target = os.path.join(workdir, dst) if not dst.startswith("/") else os.path.join(root, dst.lstrip("/"))
            source = os.path.join(REPO, src)
            if not os.path.exists(source):
                fail(f"COPY {arg}", f"{src} does not exist in the repository")
            if os.path.isdir(source):
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("target", ".git"), dirs_exist_ok=True)
            else:
                shutil.copy(source, target if dst.endswith("/") or dst == "./" else target)
        elif word == "RUN":
            print(f"check-dockerfile: RUN {arg}", flush=True)
            done = subprocess.run(["sh", "-c", arg], cwd=workdir, env=env)
            if done.returncode != 0:
                fail(f"RUN {arg}", f"exit status {done.returncode}")
        elif word in ("ENV", "ARG"):
            pass
        else:
            fail(f"{word} {arg}", "an instruction this check does not know; teach it")
    return root


def lay_out_runtime(stage, build_root, app_root):
    workdir, env, entrypoint = app_root, {}, None
    for word, arg in stage[1:]:
        if word == "WORKDIR":
            workdir = os.path.join(app_root, arg.lstrip("/"))
            os.makedirs(workdir, exist_ok=True)
        elif word == "COPY":
            parts = arg.split()
            if not parts[0].startswith("--from="):
                fail(f"COPY {arg}", "the runtime stage copies only from the build stage")
            src, dst = parts[1], parts[2]
            source = os.path.join(build_root, src.lstrip("/"))
            if not os.path.exists(source):
                fail(f"COPY {arg}", f"the build stage produced no {src}")
            shutil.copytree(source, os.path.join(app_root, dst.lstrip("/")), dirs_exist_ok=True)
        elif word == "ENV":
            key, _, value = arg.partition("=")
            env[key] = value
        elif word == "ENTRYPOINT":
            entrypoint = json.loads(arg)
        else:
            fail(f"{word} {arg}", "an instruction this check does not know; teach it")
    if entrypoint is None:
        fail("ENTRYPOINT", "the runtime stage has none")
    # The image's absolute paths live under app_root here.
    entrypoint = [part.replace("/app/", app_root.rstrip("/") + "/app/") for part in entrypoint]
    return entrypoint, env


def local(value, services):
    """A compose value with the other services' hostnames (http://backend:8081, backend:9091) local."""
    for name in services:
        value = value.replace(f"//{name}:", "//127.0.0.1:")
        if value.startswith(f"{name}:"):
            value = "127.0.0.1:" + value[len(name) + 1:]
    return value


def healthy(check, timeout_s):
    command = check["test"]
    if command[0] != "CMD":
        fail("healthcheck", f"unsupported form {command}")
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if subprocess.run(command[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
            return True
        time.sleep(1)
    return False


def main():
    with open(COMPOSE) as f:
        services = yaml.safe_load(f)["services"]
    for port in (8080, 8081, 9091):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                fail("ports", f"port {port}, which docker-compose.yml gives a service, is in use here")
    all_stages = stages(DOCKERFILE)
    if "build" not in all_stages or "final" not in all_stages:
        fail("parsing the Dockerfile", "expected a stage named build and a runtime stage")
    scratch = tempfile.mkdtemp(prefix="tracebridge-dockerfile-")
    processes = []
    try:
        build_root = os.path.join(scratch, "build")
        os.makedirs(build_root)
        started = time.time()
        run_build_stage(all_stages["build"], build_root, os.path.join(scratch, "empty-m2"))
        fetched = sum(len(files) for _, _, files in os.walk(os.path.join(scratch, "empty-m2")))
        if fetched == 0:
            fail("the build stage", "nothing was downloaded into the empty local repository: it was not used")
        print(f"check-dockerfile: build stage passed in {time.time() - started:.0f} s, starting from an empty local"
              f" repository ({fetched} files downloaded into it)", flush=True)
        entrypoint, image_env = lay_out_runtime(all_stages["final"], build_root, os.path.join(scratch, "image"))
        for name in ("backend", "frontend"):
            service = services[name]
            env = dict(os.environ)
            env.update(image_env)
            for key, value in service.get("environment", {}).items():
                env[key] = local(str(value), services)
            if "TRACEBRIDGE_EXPORT_SPOOL" in env:  # the named volume, here a scratch directory
                env["TRACEBRIDGE_EXPORT_SPOOL"] = os.path.join(scratch, "volume-spool")
            env["OTEL_TRACES_EXPORTER"] = "none"  # no Jaeger here: the check is the image, not export
            log = open(os.path.join(scratch, f"{name}.log"), "w")
            processes.append((name, subprocess.Popen(entrypoint, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                     cwd=os.path.join(scratch, "image", "app"),
                                                     start_new_session=True), log))
            check = service["healthcheck"]
            if not healthy(check, 90):
                with open(os.path.join(scratch, f"{name}.log")) as f:
                    print(f.read()[-3000:])
                fail(f"{name} healthcheck", " ".join(check["test"]))
            print(f"check-dockerfile: {name} started from the image layout and passed its healthcheck", flush=True)
        with urllib.request.urlopen("http://127.0.0.1:8080/checkout?user=42&items=3", timeout=30) as response:
            if response.status != 200:
                fail("a checkout through the frontend", f"HTTP {response.status}")
        print("check-dockerfile: a checkout through the image's frontend and backend answered 200", flush=True)
    finally:
        for _, process, log in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except Exception:  # noqa: BLE001 - best effort cleanup
                os.killpg(process.pid, signal.SIGKILL)
            log.close()
        shutil.rmtree(scratch, ignore_errors=True)
    print("check-dockerfile: passed", flush=True)


if __name__ == "__main__":
    main()
