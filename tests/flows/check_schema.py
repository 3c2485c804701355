#!/usr/bin/env python3
"""tests/flows/check_schema.py: every shipped flow validates against assets/flow.schema.json,
so that authors who rely on their editor's schema validation see the same rules lint applies."""
import glob
import json
import sys

import jsonschema

schema_path, flows_dir = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    validator = jsonschema.Draft202012Validator(json.load(f))
failed = 0
files = sorted(glob.glob(flows_dir + "/*.json"))
for path in files:
    with open(path, encoding="utf-8") as f:
        for err in validator.iter_errors(json.load(f)):
            failed += 1
            print(f"{path}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
print(f"schema: {len(files)} flows checked, {failed} problems")
sys.exit(1 if failed or not files else 0)
