#!/usr/bin/env python3
"""Prints the shade <include> lines that keep only what the launcher uses of an AWS SDK v2 service jar.

Why: a generated SDK client references every operation, so minimizeJar keeps the whole service
(ec2 alone is 26 MB). We keep the class closure of the operations we call, plus every top-level
*Request class (the JVM verifier loads them when it checks the client class, never initialises them).
ShadedJarIT runs the shaded jar in a fresh JVM against moto to prove nothing needed was dropped.

Usage: sdk-classes.py SERVICE_JAR PACKAGE_DIR OPERATION... (e.g. ... ec2 RunInstances DescribeInstances)
Re-run it when the SDK version or the operations used change, and paste the output into pom.xml.
"""
import collections
import re
import subprocess
import sys

jar, service, operations = sys.argv[1], sys.argv[2], sys.argv[3:]
base = "software.amazon.awssdk.services." + service + "."
out = subprocess.run(["jdeps", "-verbose:class", "-filter:none", jar], capture_output=True, text=True, check=True).stdout
edges = collections.defaultdict(set)
for line in out.splitlines():
    parts = line.split()
    if len(parts) >= 3 and parts[1] == "->" and parts[2].startswith(base):
        edges[parts[0]].add(parts[2])
        edges.setdefault(parts[2], set())

def operation_of(name):
    """The operation a request/response/marshaller/paginator/waiter class belongs to, or None."""
    short = name[len(base):]
    match = re.fullmatch(r"(?:model|transform)\.([A-Za-z0-9]+?)(?:Request|Response)(?:Marshaller)?(?:\$.*)?", short)
    if match:
        return match.group(1)
    match = re.fullmatch(r"paginators\.([A-Za-z0-9]+?)(?:Iterable|Publisher)(?:\$.*)?", short)
    if match:
        return match.group(1)
    return "*waiters*" if short.startswith("waiters.") else None

roots = [c for c in edges if "." not in c[len(base):] and not c[len(base):].endswith("AsyncClient")
         and "Async" not in c[len(base):]]
roots += [c for c in edges if operation_of(c) in operations]
seen, stack = set(), list(roots)
while stack:
    name = stack.pop()
    if name in seen:
        continue
    seen.add(name)
    for target in edges[name]:
        op = operation_of(target)
        if "Async" in target[len(base):] or (op is not None and op not in operations and "." not in name[len(base):]):
            continue  # the client's edge to an operation we never call
        stack.append(target)

path = base.replace(".", "/")
print(f"<include>{path}model/*Request.class</include>")
for top in sorted({name.split("$")[0] for name in seen}):
    rel = top.replace(".", "/")
    print(f"<include>{rel}.class</include>")
    if any(n.startswith(top + "$") for n in seen):
        print(f"<include>{rel}$*.class</include>")
print(f"<include>META-INF/**</include>")
