# Prints schemathesis [parameters] lines naming ids of the demo data (Scripts/schemathesis.sh).
# Usage: schemathesis_ids.py PORT TOKEN
import json, sys, urllib.request
port, token = sys.argv[1], sys.argv[2]
def get(path):
    r = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(r, timeout=30))
plans = get("/plans")
plan = plans[0]["id"]
cs = get(f"/plans/{plan}/commitments")
c = next(x for x in cs if x.get("targets"))
reqs = get("/requests")["items"]
notices = get("/notices")
print(f'"path.planID" = "{plan}"')
print(f'"path.commitmentID" = "{c["id"]}"')
print(f'"path.targetID" = "{c["targets"][0]["id"]}"')
if reqs: print(f'"path.requestID" = "{reqs[0]["id"]}"')
if notices: print(f'"path.noticeID" = "{notices[0]["id"]}"')
