#!/usr/bin/env python3
"""Makes the damaged and hostile projects in this folder from one good project.

    factdesk new base.factdesk                        # the bundled corpus: portable, no paths
    printf 'status 0 verified\nnote 1 核对：海关总署\nstatus 2 rejected\nstatus 3 verified\nundo\n' \
        | factdesk review base.factdesk
    python3 make.py base.factdesk

Each file is named for what is wrong with it; tests/project_files.rs opens every one with the model
and with the window and checks the verdict written in EXPECTED below (refused with a message
naming the file, or opened; never a panic; never modified). JSON projects are written from the
SQLite one by splicing its JSON columns, so numbers keep their exact text.
"""
import json
import os
import shutil
import sqlite3
import sys

here = os.path.dirname(os.path.abspath(__file__))
# The first ten facts only (re-extraction brings the others back as new facts when a project
# opens, as it does for a project an older engine made): small files.
base = os.path.join(here, "good.factdesk")
shutil.copyfile(sys.argv[1], base)
db = sqlite3.connect(base)
db.execute("DELETE FROM mentions WHERE fact >= 10")
db.execute("DELETE FROM facts WHERE id >= 10")
db.commit()
db.execute("PRAGMA journal_mode = DELETE")
db.execute("VACUUM")
db.close()


def rows(db, sql):
    return db.execute(sql).fetchall()


def to_json(db, version=2):
    """The project as a JSON project of `version`, raw JSON columns spliced in."""
    docs = []
    for (_id, name, path, rel, sha, pub, given) in rows(db, "SELECT * FROM documents ORDER BY id"):
        docs.append('{"name": %s, "path": %s, "relative_path": %s, "sha256": %s, "published": %s, "published_given": %s}'
                    % (json.dumps(name, ensure_ascii=False), json.dumps(path), json.dumps(rel), json.dumps(sha),
                       json.dumps(pub), json.dumps(bool(given))))
    mentions = {}
    for (fact, _pos, doc, _s, _e, _surf, mention, before, after) in rows(
            db, "SELECT * FROM mentions ORDER BY fact, position"):
        mentions.setdefault(fact, []).append('{"document": %d, "mention": %s, "before": %s, "after": %s}' % (
            doc, mention, json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)))
    facts = []
    for (fid, status, fields, original, note, by_hand) in rows(db, "SELECT * FROM facts ORDER BY id"):
        facts.append('{"id": %d, "status": "%s", "fields": %s, "original": %s, "note": %s, "added_by_hand": %s, "mentions": [%s]}'
                     % (fid, status, fields, original, json.dumps(note, ensure_ascii=False),
                        json.dumps(bool(by_hand)), ", ".join(mentions.get(fid, []))))
    undo = [c for (_p, c) in rows(db, "SELECT * FROM undo ORDER BY position")]
    redo = [c for (_p, c) in rows(db, "SELECT * FROM redo ORDER BY position")]
    trail = []
    for (_seq, at, action, reason, change) in rows(db, "SELECT * FROM trail ORDER BY seq"):
        trail.append('{"at": "%s", "action": "%s", "reason": %s, "change": %s}' % (at, action, json.dumps(reason), change))
    (view,) = db.execute("SELECT view FROM view").fetchone()
    return ('{"format": "factdesk-project", "version": %d,\n "documents": [%s],\n "facts": [\n%s],\n'
            ' "undo": [%s],\n "redo": [%s],\n "trail": [%s],\n "view": %s}\n'
            % (version, ", ".join(docs), ",\n".join(facts), ", ".join(undo), ", ".join(redo), ", ".join(trail), view))


def write(name, text):
    with open(os.path.join(here, name), "w", encoding="utf-8") as f:
        f.write(text)


def sqlite_variant(name, *statements, pragma=None):
    target = os.path.join(here, name)
    shutil.copyfile(base, target)
    db = sqlite3.connect(target)
    for s in statements:
        db.execute(s)
    if pragma:
        db.execute(pragma)
    db.commit()
    db.execute("PRAGMA journal_mode = DELETE")  # fold the log in: one file, no -wal beside it
    db.close()


db = sqlite3.connect("file:%s?mode=ro" % base, uri=True)
good = to_json(db)
db.close()

# JSON projects of earlier versions, good ones.
write("good-v2.factdesk.json", good)


def strip_v2(value):
    """Version 1 had no frames and no publication dates."""
    if isinstance(value, dict):
        return {k: strip_v2(v) for k, v in value.items()
                if k not in ("measure", "direction", "basis", "period", "per", "published",
                             "published_given", "measures")}
    if isinstance(value, list):
        return [strip_v2(v) for v in value]
    return value


# Plain floats are exact enough here: the seeds' decimals are short, and repr gives them back.
v1 = strip_v2(json.loads(good))
v1["version"] = 1
write("good-v1.factdesk.json", json.dumps(v1, ensure_ascii=False, indent=1) + "\n")

# JSON projects that must be refused.
write("version-0.factdesk.json", good.replace('"version": 2', '"version": 0', 1))
write("version-9.factdesk.json", good.replace('"version": 2', '"version": 9', 1))
write("truncated.factdesk.json", good[: len(good) // 2])
write("not-a-project.factdesk.json", '{"format": "something-else", "version": 1}\n')
write("empty.factdesk.json", "")
write("undo-names-a-missing-fact.factdesk.json",
      good.replace('"undo": [{"status":{"fact":0,', '"undo": [{"status":{"fact":99999,', 1))
write("redo-names-a-missing-fact.factdesk.json",
      good.replace('"redo": [{"status":{"fact":3,', '"redo": [{"status":{"fact":4000000,', 1))
write("view-document-out-of-range.factdesk.json", good.replace('"document":null', '"document":77', 1))
write("view-selects-a-missing-fact.factdesk.json", good.replace('"selected":null', '"selected":99999', 1))
write("mention-past-the-end.factdesk.json",
      good.replace('"start":2,"end":11,', '"start":900002,"end":900011,', 1))
write("mention-backwards.factdesk.json", good.replace('"start":2,"end":11,', '"start":11,"end":2,', 1))
write("relative-path-escapes.factdesk.json",
      good.replace('"path": null, "relative_path": null', '"path": "/nonexistent/a.txt", "relative_path": "../../../../etc/passwd"', 1))
write("relative-path-absolute.factdesk.json",
      good.replace('"path": null, "relative_path": null', '"path": "/nonexistent/a.txt", "relative_path": "/etc/passwd"', 1))
# Opens, but its undo entry no longer fits the fact (the status says unreviewed, not verified):
# Ctrl+Z must report that, not panic.
write("undo-that-cannot-apply.factdesk.json",
      good.replace('"status": "verified"', '"status": "rejected"', 1))

# SQLite projects.
sqlite_variant("version-99.factdesk", pragma="PRAGMA user_version = 99")
sqlite_variant("version-0.factdesk", pragma="PRAGMA user_version = 0")
sqlite_variant("foreign.sqlite", pragma="PRAGMA application_id = 0")
sqlite_variant("bad-fields-json.factdesk", "UPDATE facts SET fields = '{\"kind\": ' WHERE id = 5")
sqlite_variant("undo-names-a-missing-fact.factdesk",
               "UPDATE undo SET change = '{\"status\":{\"fact\":99999,\"from\":\"unreviewed\",\"to\":\"verified\"}}'")
sqlite_variant("fact-ids-with-a-gap.factdesk", "DELETE FROM facts WHERE id = 7")
sqlite_variant("undo-that-cannot-apply.factdesk", "UPDATE facts SET status = 'rejected' WHERE id = 0")
with open(base, "rb") as f:
    data = f.read()
with open(os.path.join(here, "truncated.factdesk"), "wb") as f:
    f.write(data[: len(data) // 3])
# A page in the middle overwritten: SQLite's own check finds it.
garbled = bytearray(data)
for i in range(8192, 8192 + 4096):
    garbled[i] = (garbled[i] * 7 + 13) % 256
with open(os.path.join(here, "garbled.factdesk"), "wb") as f:
    f.write(bytes(garbled))
