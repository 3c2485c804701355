#!/usr/bin/env python3
"""tests/flows/check_codes_schema.py SCHEMA DICT [BAD...]: the shipped code dictionary validates
against assets/codes.schema.json, and each BAD dictionary (a lint case) is refused by it, so that
the schema and lint keep to the same rules."""
import json
import sys

import jsonschema

schema_path, dict_path, bad = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(schema_path, encoding="utf-8") as f:
    validator = jsonschema.Draft202012Validator(json.load(f))
failed = 0
with open(dict_path, encoding="utf-8") as f:
    for err in validator.iter_errors(json.load(f)):
        failed += 1
        print(f"{dict_path}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
for path in bad:
    with open(path, encoding="utf-8") as f:
        if not list(validator.iter_errors(json.load(f))):
            failed += 1
            print(f"{path}: the schema accepts a dictionary lint refuses")
print(f"codes schema: 1 dictionary and {len(bad)} bad ones checked, {failed} problems")
sys.exit(1 if failed else 0)
