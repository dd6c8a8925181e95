#!/usr/bin/env python3
"""Lists C++ function bodies longer than a limit (default 60 lines) in the product's sources.

Usage: scripts/function_lengths.py [--limit N] [DIR ...]   (default: core ui render app)
Exits 1 when a function is over the limit, so CTest can hold the line (docs/architecture.md).

A function is a brace block opened outside any other function whose header (the text since the
previous ';', '{' or '}') holds a parameter list and ends with ')' plus qualifiers. Comments and
string literals are blanked first so braces inside them do not count.
"""
import argparse
import os
import re
import sys

SOURCE_EXTENSIONS = (".cpp", ".h")
QUALIFIER_TAIL = re.compile(
    r"\)\s*(const|noexcept|override|final|mutable|&|&&|\s|->\s*[\w:<>,\s\*&]+)*$")
NOT_FUNCTION = re.compile(r"\b(class|struct|union|enum|namespace|extern)\b[^()]*$")
CONTROL = re.compile(r"^\s*(if|for|while|switch|catch)\b")


def blank_comments_and_strings(text):
    """Same length and newlines as text, with comments and literals replaced by spaces."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == 'R' and text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def long_functions(path, limit):
    with open(path, encoding="utf-8") as f:
        text = blank_comments_and_strings(f.read())
    found = []
    stack = []  # (is_function, start_line, header)
    header_start = 0
    for i, c in enumerate(text):
        if c == "{":
            header = text[header_start:i].strip()
            inside_function = any(entry[0] for entry in stack)
            is_function = (not inside_function and "(" in header
                           and QUALIFIER_TAIL.search(header) is not None
                           and not NOT_FUNCTION.search(header) and not CONTROL.match(header))
            start_line = text.count("\n", 0, header_start + len(text[header_start:i]) -
                                    len(text[header_start:i].lstrip())) + 1
            stack.append((is_function, start_line, header))
            header_start = i + 1
        elif c == "}":
            if stack:
                is_function, start_line, header = stack.pop()
                if is_function:
                    end_line = text.count("\n", 0, i) + 1
                    length = end_line - start_line + 1
                    if length > limit:
                        name = re.sub(r"\s+", " ", header.split("(")[0]).split(" ")[-1]
                        found.append((length, path, start_line, name))
            header_start = i + 1
        elif c == ";":
            header_start = i + 1
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("dirs", nargs="*", default=["core", "ui", "render", "app"])
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = []
    for d in args.dirs:
        base = d if os.path.isabs(d) else os.path.join(root, d)
        for folder, _, files in os.walk(base):
            for name in sorted(files):
                if name.endswith(SOURCE_EXTENSIONS):
                    found += long_functions(os.path.join(folder, name), args.limit)
    for length, path, line, name in sorted(found, reverse=True):
        print(f"{os.path.relpath(path, root)}:{line}: {name} is {length} lines (limit {args.limit})")
    if found:
        print(f"{len(found)} function(s) over {args.limit} lines", file=sys.stderr)
        return 1
    print(f"no function over {args.limit} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
